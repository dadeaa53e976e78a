/* The list of module tables of the bad-input catalogue. The definition,
 * cat_modules, is generated at configure time by
 * tests/module_catalogue.cmake from the tests/catalogue/cat_*.c files that
 * exist: a module of catalogue.h with no file yet gets an empty table
 * there, so that the program always links. */
#ifndef KOL_TEST_CATALOGUE_REGISTRY_H
#define KOL_TEST_CATALOGUE_REGISTRY_H

#include "catalogue.h"

typedef struct cat_module {
    const char *name;     /* "core", "roster", ... */
    const cat_row *rows;  /* ends with CAT_END */
    int has_file;         /* 1 when tests/catalogue/cat_<name>.c exists */
} cat_module;

/* Every module, in the order of kol.h, then any other cat_*.c found;
 * ends with a NULL name. */
extern const cat_module cat_modules[];

#endif /* KOL_TEST_CATALOGUE_REGISTRY_H */
