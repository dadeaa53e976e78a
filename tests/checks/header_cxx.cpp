// The umbrella header compiled as C++11 (-std=c++11 -Wall -Wextra
// -pedantic -Werror): the public headers must stay valid C++ with C
// linkage. The program calls a few functions so that linking from C++
// (extern "C", no name mangling) is checked too.
#include <kol.h>
#include <kol.h>

#include <cstdio>
#include <cstring>

namespace {

int failures = 0;

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "header_cxx: check failed: %s\n", what);
        ++failures;
    }
}

}  // namespace

int main()
{
    check(kol_version() == KOL_VERSION_NUMBER,
          "kol_version() == KOL_VERSION_NUMBER");
    check(std::strcmp(kol_version_string(), KOL_VERSION_STRING) == 0,
          "kol_version_string() == KOL_VERSION_STRING");
    check(std::strcmp(kol_status_str(KOL_STATUS_OK), "") != 0,
          "kol_status_str() names KOL_STATUS_OK");

    kol_ctx *ctx = nullptr;
    check(kol_ctx_new(&ctx) == KOL_STATUS_OK, "kol_ctx_new()");
    if (ctx == nullptr)
        return 1;
    kol_record *rec = nullptr;
    check(kol_record_new(ctx, &rec) == KOL_STATUS_OK, "kol_record_new()");
    if (rec != nullptr) {
        check(kol_record_set_metric(rec, KOL_METRIC_FOLLOWERS, 100.0) ==
                  KOL_STATUS_OK,
              "kol_record_set_metric()");
        double v = 0.0;
        check(kol_record_get_metric(rec, KOL_METRIC_FOLLOWERS, &v) ==
                  KOL_STATUS_OK && v == 100.0,
              "kol_record_get_metric()");
        check(kol_record_get_metric(rec, KOL_METRIC_PRICE, &v) ==
                  KOL_STATUS_MISSING,
              "a metric never set is missing");
    }
    kol_record_free(rec);
    kol_ctx_free(ctx);
    if (failures == 0)
        std::printf("header_cxx: OK (libkol %s)\n", kol_version_string());
    return failures == 0 ? 0 : 1;
}
