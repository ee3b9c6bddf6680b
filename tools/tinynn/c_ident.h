/* C identifiers for the code export-c writes: the rule a --name must pass,
 * and the identifier derived from a file name. */
#ifndef TINYNN_CLI_C_IDENT_H
#define TINYNN_CLI_C_IDENT_H

#include <stddef.h>

/* Longest identifier export-c uses as a name (it appends _columns_size
 * and the like). */
#define C_IDENT_MAX 64

/* Whether name can name the exported model: letters, digits and '_', not
 * starting with a digit or '_', at most C_IDENT_MAX characters, not a C or
 * C++ keyword, and not starting with the library's tnn_ / TNN_. 0, or -1
 * with *why saying which rule it breaks. */
int c_ident_check(const char *name, const char **why);

/* An identifier that passes c_ident_check from any text (a file's name
 * without its extension): every character other than a letter, digit or
 * '_' becomes '_', and "model_" goes in front when the result would still
 * break a rule ("9x" -> "model_9x", "int" -> "model_int"). out holds at
 * least C_IDENT_MAX + 1 bytes. */
void c_ident_derive(const char *text, char *out);

#endif /* TINYNN_CLI_C_IDENT_H */
