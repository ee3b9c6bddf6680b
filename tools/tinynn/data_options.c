/* Data file options of the tinynn command (see data_options.h). */
#include "data_options.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "diag.h"

/* The byte --delimiter names: a word, an escape, or the character itself. */
int data_parse_delimiter(const char *text, char *out)
{
    static const struct {
        const char *name;
        char c;
    } words[] = {{"comma", ','}, {"semicolon", ';'}, {"tab", '\t'},
                 {"\\t", '\t'},  {"space", ' '},     {"pipe", '|'}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(text, words[i].name) == 0) {
            *out = words[i].c;
            return 0;
        }
    if (strlen(text) == 1 && text[0] != '"' && text[0] != '\n' && text[0] != '\r') {
        *out = text[0];
        return 0;
    }
    diag_usage("--delimiter: expected comma, semicolon, tab, space or a single character other "
               "than a quote or a line end, found '%s'",
               text);
    return -1;
}

int data_split_list(const char *option, const char *list, char ***names, size_t *n)
{
    size_t count = 1, len = strlen(list);
    for (const char *p = list; *p != '\0'; p++)
        count += *p == ',';
    char **out = malloc(count * sizeof *out + len + 1);
    if (out == NULL) {
        diag("out of memory");
        return -1;
    }
    char *text = (char *)(out + count);
    memcpy(text, list, len + 1);
    for (size_t i = 0; i < count; i++) {
        out[i] = text;
        char *comma = strchr(text, ',');
        if (comma != NULL)
            *comma = '\0';
        if (out[i][0] == '\0') {
            diag_usage("--%s: expected comma-separated column names, found '%s'", option, list);
            free(out);
            return -1;
        }
        text = comma != NULL ? comma + 1 : text + strlen(text);
    }
    *names = out;
    *n = count;
    return 0;
}

int data_listed(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return 1;
    return 0;
}

int data_not_a_feature(const data_options *o, const char *name)
{
    return (o->id != NULL && strcmp(o->id, name) == 0) ||
           data_listed(o->ignore, o->n_ignore, name);
}

int data_options_read(const arg_command *cmd, data_options *o)
{
    memset(o, 0, sizeof *o);
    if (common_limits(cmd, &o->limits) != 0)
        return -1;
    const char *v = args_get(cmd, "missing");
    if (v != NULL && strcmp(v, "drop") != 0 && strcmp(v, "error") != 0) {
        diag_usage("--missing: expected error or drop, found '%s'", v);
        return -1;
    }
    o->drop_missing = v != NULL && strcmp(v, "drop") == 0;
    o->id = args_get(cmd, "id");
    if (o->id != NULL && o->id[0] == '\0') {
        diag_usage("--id: expected a column name");
        return -1;
    }
    if ((v = args_get(cmd, "ignore")) != NULL &&
        data_split_list("ignore", v, &o->ignore, &o->n_ignore) != 0)
        return -1;
    if ((v = args_get(cmd, "columns")) != NULL &&
        data_split_list("columns", v, &o->columns, &o->n_columns) != 0) {
        data_options_free(o);
        return -1;
    }
    o->kept = malloc((o->n_columns + 1) * sizeof *o->kept);
    if (o->kept == NULL) {
        diag("out of memory");
        data_options_free(o);
        return -1;
    }
    size_t k = 0;
    if (o->id != NULL)
        o->kept[k++] = o->id;
    for (size_t i = 0; i < o->n_columns; i++)
        o->kept[k++] = o->columns[i];
    o->limits.keep_text = o->kept;
    o->limits.n_keep_text = k;
    return 0;
}

void data_options_free(data_options *o)
{
    free(o->ignore);
    free(o->columns);
    free(o->kept);
    memset(o, 0, sizeof *o);
}
