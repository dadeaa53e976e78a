/*
 * report_html.h - the self-contained HTML page of `kol report`: tables and
 * inline SVG charts, no script, no external resource, every text escaped.
 */
#ifndef KOL_CLI_REPORT_HTML_H
#define KOL_CLI_REPORT_HTML_H

#include <stdio.h>

#include "report_model.h"

/* Write the page to out. Returns 0, -1 when writing failed (ferror; errno
 * says why), or -2 when out of memory. */
int rpt_html_write(FILE *out, const rpt_model *m);

/* Write s with &, <, >, " and ' escaped (invalid UTF-8 bytes, U+FFFE and
 * U+FFFF become U+FFFD, control characters other than tab and line breaks
 * are dropped), so that an XML parser reads the page too. */
void rpt_html_text(FILE *out, const char *s);

#endif /* KOL_CLI_REPORT_HTML_H */
