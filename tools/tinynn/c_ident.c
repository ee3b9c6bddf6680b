/* C identifiers for export-c (see c_ident.h). */
#include "c_ident.h"

#include <stdio.h>
#include <string.h>

/* C11, C23 and C++ keywords (the header is included from C++ too), and
 * names the standard headers the generated code includes already use. */
static const char *const reserved[] = {
    "alignas",
    "alignof",
    "and",
    "and_eq",
    "asm",
    "auto",
    "bitand",
    "bitor",
    "bool",
    "break",
    "case",
    "catch",
    "char",
    "char8_t",
    "char16_t",
    "char32_t",
    "class",
    "co_await",
    "co_return",
    "co_yield",
    "compl",
    "concept",
    "const",
    "const_cast",
    "consteval",
    "constexpr",
    "constinit",
    "continue",
    "decltype",
    "default",
    "delete",
    "do",
    "double",
    "dynamic_cast",
    "else",
    "enum",
    "explicit",
    "export",
    "extern",
    "false",
    "float",
    "for",
    "friend",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "mutable",
    "namespace",
    "new",
    "noexcept",
    "not",
    "not_eq",
    "nullptr",
    "operator",
    "or",
    "or_eq",
    "private",
    "protected",
    "public",
    "register",
    "reinterpret_cast",
    "requires",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "static_assert",
    "static_cast",
    "struct",
    "switch",
    "template",
    "this",
    "thread_local",
    "throw",
    "true",
    "try",
    "typedef",
    "typeid",
    "typename",
    "typeof",
    "typeof_unqual",
    "union",
    "unsigned",
    "using",
    "virtual",
    "void",
    "volatile",
    "wchar_t",
    "while",
    "xor",
    "xor_eq",
    "main",
    "size_t",
    "ptrdiff_t",
    "NULL",
    "offsetof",
    "max_align_t",
    "wint_t",
    "int8_t",
    "int16_t",
    "int32_t",
    "int64_t",
    "uint8_t",
    "uint16_t",
    "uint32_t",
    "uint64_t",
    "intptr_t",
    "uintptr_t",
    "SIZE_MAX",
    "INT8_MAX",
    "INT16_MAX",
    "INT32_MAX",
    "INT64_MAX",
    "UINT8_MAX",
    "UINT16_MAX",
    "UINT32_MAX",
    "UINT64_MAX",
    "EOF",
};

static int is_ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int c_ident_check(const char *name, const char **why)
{
    size_t n = strlen(name);
    if (n == 0 || n > C_IDENT_MAX) {
        *why = "expected 1 to 64 characters";
        return -1;
    }
    for (const char *p = name; *p != '\0'; p++)
        if (!is_ident_char(*p)) {
            *why = "expected only letters, digits and '_'";
            return -1;
        }
    if (name[0] >= '0' && name[0] <= '9') {
        *why = "a C identifier cannot start with a digit";
        return -1;
    }
    if (name[0] == '_') {
        *why = "names starting with '_' are reserved to the C implementation";
        return -1;
    }
    if (strncmp(name, "tnn_", 4) == 0 || strncmp(name, "TNN_", 4) == 0) {
        *why = "names starting with tnn_ or TNN_ belong to the library";
        return -1;
    }
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (strcmp(name, reserved[i]) == 0) {
            *why = "a C or C++ keyword or a standard name";
            return -1;
        }
    return 0;
}

void c_ident_derive(const char *text, char *out)
{
    char body[C_IDENT_MAX - (sizeof "model_" - 1) + 1]; /* room for the prefix */
    size_t n = 0;
    for (const char *p = text; *p != '\0' && n + 1 < sizeof body; p++)
        body[n++] = is_ident_char(*p) ? *p : '_';
    body[n] = '\0';
    const char *why;
    if (n == 0)
        snprintf(out, C_IDENT_MAX + 1, "model");
    else if (c_ident_check(body, &why) == 0)
        snprintf(out, C_IDENT_MAX + 1, "%s", body);
    else
        snprintf(out, C_IDENT_MAX + 1, "model_%s", body);
}
