# Installation and packaging of libkol (included at the end of the top-level
# CMakeLists.txt):
#   - libkol.so.1 (shared) and libkol.a (static), GNUInstallDirs layout;
#   - the public headers and the two generated ones (kol_export.h,
#     kol_version.h);
#   - a CMake package: find_package(libkol) gives the imported targets
#     libkol::kol (shared) and libkol::kol_static;
#   - a pkg-config file, libkol.pc, generated from libkol.pc.in.

include(CMakePackageConfigHelpers)

set(KOL_CMAKE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/libkol)
set(KOL_PKGCONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# Libraries. The EXPORT set is declared here rather than in lib/ so that
# lib/CMakeLists.txt knows nothing of packaging.
install(TARGETS kol kol_static
  EXPORT libkolTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          COMPONENT runtime
          NAMELINK_COMPONENT development
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# Public headers: the umbrella header, every module header under
# include/kol/ (new modules are picked up without touching this file) and
# the headers CMake generates into the build tree.
install(FILES ${PROJECT_SOURCE_DIR}/include/kol.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT development)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/kol/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/kol
        COMPONENT development
        FILES_MATCHING PATTERN "*.h")
install(FILES ${PROJECT_BINARY_DIR}/include/kol/kol_export.h
              ${PROJECT_BINARY_DIR}/include/kol/kol_version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/kol
        COMPONENT development)

# CMake package: libkolTargets.cmake (imported targets libkol::kol and
# libkol::kol_static), libkolConfig.cmake and libkolConfigVersion.cmake.
# The package version follows the project version; SameMajorVersion
# because a new major release of the project is the only place where a
# consumer may have to change code.
install(EXPORT libkolTargets
        NAMESPACE libkol::
        FILE libkolTargets.cmake
        DESTINATION ${KOL_CMAKE_PACKAGE_DIR}
        COMPONENT development)
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/libkolConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/libkolConfig.cmake
  INSTALL_DESTINATION ${KOL_CMAKE_PACKAGE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/libkolConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmake/libkolConfig.cmake
              ${PROJECT_BINARY_DIR}/cmake/libkolConfigVersion.cmake
        DESTINATION ${KOL_CMAKE_PACKAGE_DIR}
        COMPONENT development)

# pkg-config. libdir and includedir are written relative to ${prefix} when
# GNUInstallDirs gives relative paths, so the file follows the prefix.
foreach(kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(KOL_PC_${kind} "${CMAKE_INSTALL_${kind}}")
  else()
    set(KOL_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()

# The file in the build tree names the prefix chosen at configure time
# (CMAKE_INSTALL_PREFIX) ...
set(KOL_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
configure_file(${PROJECT_SOURCE_DIR}/libkol.pc.in
               ${PROJECT_BINARY_DIR}/libkol.pc @ONLY)
# ... but `cmake --install <build> --prefix <dir>` may install elsewhere, so
# the installed file is configured again, from the same template, with the
# prefix actually used at install time (staged in a directory named after
# that prefix, so that two installs to different prefixes may run at once).
if(IS_ABSOLUTE "${KOL_PKGCONFIG_DIR}")
  set(KOL_PC_DEST "${KOL_PKGCONFIG_DIR}")
else()
  set(KOL_PC_DEST "\${CMAKE_INSTALL_PREFIX}/${KOL_PKGCONFIG_DIR}")
endif()
# In the install script a literal ${prefix} must be written \${prefix}.
string(REPLACE "\${" "\\\${" KOL_PC_LIBDIR_CODE "${KOL_PC_LIBDIR}")
string(REPLACE "\${" "\\\${" KOL_PC_INCLUDEDIR_CODE "${KOL_PC_INCLUDEDIR}")
install(CODE "
  set(PROJECT_VERSION \"${PROJECT_VERSION}\")
  set(PROJECT_DESCRIPTION \"${PROJECT_DESCRIPTION}\")
  set(KOL_PC_LIBDIR \"${KOL_PC_LIBDIR_CODE}\")
  set(KOL_PC_INCLUDEDIR \"${KOL_PC_INCLUDEDIR_CODE}\")
  # A relative prefix (cmake --install build --prefix stage) installs
  # under the current directory, which an install script sees as
  # CMAKE_CURRENT_SOURCE_DIR: the file must name that directory in full,
  # or its -I and -L would work only from there.
  get_filename_component(KOL_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\" ABSOLUTE)
  string(MD5 kol_pc_stage \"\${KOL_PC_PREFIX}\")
  set(kol_pc_stage \"${PROJECT_BINARY_DIR}/pkgconfig-install/\${kol_pc_stage}\")
  configure_file(\"${PROJECT_SOURCE_DIR}/libkol.pc.in\"
                 \"\${kol_pc_stage}/libkol.pc\" @ONLY)
  file(INSTALL DESTINATION \"${KOL_PC_DEST}\" TYPE FILE
       FILES \"\${kol_pc_stage}/libkol.pc\")
" COMPONENT development)
