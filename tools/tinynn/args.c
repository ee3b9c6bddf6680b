/* Command-line parsing of the tinynn command (see args.h). */
#include "args.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static void print_help(const arg_command *cmd)
{
    printf("usage: tinynn %s %s\n\n%s\n\noptions:\n", cmd->name, cmd->usage, cmd->about);
    for (const arg_option *o = cmd->options; o->name != NULL; o++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", o->name, o->value_name ? " " : "",
                 o->value_name ? o->value_name : "");
        printf("  %-26s %s\n", left, o->help);
    }
    printf("  %-26s %s\n", "--help", "print this help and exit");
}

static arg_option *find_option(const arg_command *cmd, const char *name, size_t len)
{
    for (arg_option *o = cmd->options; o->name != NULL; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

int args_parse(const arg_command *cmd, int argc, char **argv, const char **positional)
{
    size_t n_pos = 0;
    int options_done = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            print_help(cmd);
            return 1;
        }
        if (!options_done && strcmp(a, "--") == 0) {
            options_done = 1;
            continue;
        }
        if (!options_done && a[0] == '-' && a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq != NULL ? (size_t)(eq - (a + 2)) : strlen(a + 2);
            arg_option *o = find_option(cmd, a + 2, len);
            if (o == NULL) {
                diag("unknown option '%s' (try 'tinynn %s --help')", a, cmd->name);
                return -1;
            }
            if (o->value_name == NULL) {
                if (eq != NULL) {
                    diag("option --%s takes no value", o->name);
                    return -1;
                }
                o->value = "";
            } else if (eq != NULL) {
                o->value = eq + 1;
            } else if (i + 1 < argc) {
                o->value = argv[++i];
            } else {
                diag("option --%s: expected a value (%s)", o->name, o->value_name);
                return -1;
            }
            continue;
        }
        if (!options_done && a[0] == '-' && a[1] != '\0') {
            diag("unknown option '%s' (try 'tinynn %s --help')", a, cmd->name);
            return -1;
        }
        if (n_pos == cmd->n_positional) {
            diag("unexpected argument '%s': expected 'tinynn %s %s'", a, cmd->name, cmd->usage);
            return -1;
        }
        positional[n_pos++] = a;
    }
    if (n_pos < cmd->n_positional) {
        diag("missing arguments: expected 'tinynn %s %s' (try --help)", cmd->name, cmd->usage);
        return -1;
    }
    return 0;
}

const char *args_get(const arg_command *cmd, const char *name)
{
    arg_option *o = find_option(cmd, name, strlen(name));
    return o != NULL ? o->value : NULL;
}

int args_size(const char *option, const char *text, size_t min, size_t max, size_t *out)
{
    char *stop;
    errno = 0;
    unsigned long long v = strtoull(text, &stop, 10);
    if (text[0] == '-' || text[0] == '\0' || *stop != '\0' || errno != 0 || v < min || v > max) {
        diag_usage("--%s: expected a whole number from %zu to %zu, found '%s'", option, min,
                   max, text);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

int args_double(const char *option, const char *text, double *out)
{
    char *stop;
    double v = strtod(text, &stop);
    if (text[0] == '\0' || *stop != '\0' || !isfinite(v)) {
        diag_usage("--%s: expected a finite number, found '%s'", option, text);
        return -1;
    }
    *out = v;
    return 0;
}

int args_doubles(const char *option, const char *text, double *out, size_t n)
{
    const char *p = text;
    for (size_t i = 0; i < n; i++) {
        char *stop;
        double v = strtod(p, &stop);
        int last = i + 1 == n;
        if (stop == p || !isfinite(v) || (last ? *stop != '\0' : *stop != ',')) {
            diag_usage("--%s: expected %zu comma-separated finite numbers, found '%s'", option,
                       n, text);
            return -1;
        }
        out[i] = v;
        p = stop + 1;
    }
    return 0;
}

int args_bytes(const char *option, const char *text, size_t *out)
{
    char *stop;
    errno = 0;
    unsigned long long v = strtoull(text, &stop, 10);
    unsigned shift = 0;
    if (*stop == 'K' || *stop == 'k')
        shift = 10;
    else if (*stop == 'M' || *stop == 'm')
        shift = 20;
    else if (*stop == 'G' || *stop == 'g')
        shift = 30;
    if (shift != 0)
        stop++;
    if (text[0] == '-' || stop == text || *stop != '\0' || errno != 0 || v == 0 ||
        v > (SIZE_MAX >> shift)) {
        diag_usage("--%s: expected a size in bytes such as 4096, 512K or 64M, found '%s'",
                   option, text);
        return -1;
    }
    *out = (size_t)v << shift;
    return 0;
}
