#!/usr/bin/env python3
"""Writes libtinynn as one C file and one header (an amalgamation).

tinynn.h: the public headers with the build configuration as overridable
macros. tinynn.c: every source of lib/, in three sections built with the
floating-point contraction meson builds them with (lib/meson.build): the
numpy-exact files without contraction, the hot loops (the files that
include kernels/kernels.h) with GCC's -ffp-contract=fast, the rest as
-std=c11 builds them. Files of optional parts sit inside #if on their macro.

Run by meson (bundle/tinynn/src/meson.build) with meson's own Python;
standard library only.

usage: make_bundle.py --source-root DIR --version X.Y.Z --out-c FILE --out-h FILE
           [--depfile FILE] [--check-config T L S
            --check-exact FILE... --check-kernel FILE... --check-rest FILE...]
The --check options give what meson builds in this configuration (T L S:
training, lbfgs, serialize as 0/1); the generator refuses to write a bundle
whose sections or parts disagree with lib/meson.build.
"""
import argparse
import os
import re
import sys

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
DEFINE_RE = re.compile(r'^\s*#\s*define\s+([A-Za-z_]\w*)')
COND_RE = re.compile(r'^\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)$')

# Sources built without contraction (lib/meson.build, tinynn_exact_lib):
# numpy's and Keras's arithmetic, equal doubles on every platform.
EXACT_DIRS = ('data/', 'init/')
EXACT_FILES = ('inspect/inspect_axis.c', 'learn/perceptron.c')
# The optional parts, by folder (lib/meson.build), and their macro.
PART_OF_DIR = {'train/': 'TNN_HAVE_TRAINING', 'learn/': 'TNN_HAVE_LBFGS',
               'io/': 'TNN_HAVE_SERIALIZE'}
PART_OF_FILE = {'learn/perceptron.c': 'TNN_HAVE_TRAINING'}
KERNELS_H = 'kernels/kernels.h'
PUBLIC_HEADERS = ('tinynn/tinynn.h', 'tinynn/inspect.h', 'tinynn/learners.h',
                  'tinynn/serialize.h', 'tinynn/config.h')

# How each section is compiled: GCC takes the contraction mode per function
# (#pragma GCC optimize), clang and other C99 compilers the standard pragma,
# where DEFAULT is what the command line says, as meson leaves it for them
# outside the exact files.
SECTION_PRAGMAS = {
    'exact': ('fp-contract=off', 'OFF'),
    'rest': ('fp-contract=off', 'DEFAULT'),
    'kernel': ('fp-contract=fast', 'DEFAULT'),
}
SECTION_TITLES = {
    'exact': 'numpy- and Keras-exact arithmetic: no fused multiply-add',
    'rest': 'the rest of the library',
    'kernel': 'the hot loops: multiply-adds fused where the target has FMA',
}


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read().splitlines()


def strip_comment(text):
    return re.sub(r'/\*.*?\*/', '', text).split('//')[0].strip()


class Source:
    """One file of lib/ or include/: its lines and its quoted includes,
    each with the #if conditions around it."""

    def __init__(self, name, path):
        self.name = name
        self.lines = read(path)
        self.includes = []  # (included name, [conditions])
        self.guard = None
        stack = []  # conditions of the enclosing #if blocks, one list per block
        for i, line in enumerate(self.lines):
            m = COND_RE.match(line)
            if m:
                kind, arg = m.group(1), strip_comment(m.group(2))
                if kind == 'ifndef' and self.guard is None and name.endswith('.h') and \
                        not any(l.strip() and not l.lstrip().startswith(('/*', '*'))
                                for l in self.lines[:i]):
                    self.guard = arg
                    stack.append(None)  # the include guard: no condition
                elif kind in ('if', 'ifdef', 'ifndef'):
                    cond = {'if': '(%s)', 'ifdef': 'defined(%s)',
                            'ifndef': '!defined(%s)'}[kind] % arg
                    stack.append([cond])
                elif kind in ('elif', 'else'):
                    prev = stack[-1]
                    stack[-1] = prev[:-1] + ['!%s' % prev[-1]] + \
                        (['(%s)' % arg] if kind == 'elif' else [])
                else:
                    stack.pop()
                continue
            m = INCLUDE_RE.match(line)
            if m and m.group(1) == '"':
                conds = [c for block in stack if block for c in block]
                self.includes.append((m.group(2), conds))


def section_of(name, includes_kernels):
    if name.startswith(EXACT_DIRS) or name in EXACT_FILES:
        return 'exact'
    return 'kernel' if includes_kernels else 'rest'


def part_of(name):
    if name in PART_OF_FILE:
        return PART_OF_FILE[name]
    for folder, macro in PART_OF_DIR.items():
        if name.startswith(folder):
            return macro
    return None


def join_and(conds):
    return ' && '.join(conds) if conds else '1'


class Bundle:
    def __init__(self, root):
        self.root = root
        self.lib = os.path.join(root, 'lib')
        self.headers = {}  # internal header name -> Source
        self.sources = []  # (name, Source) of lib/**/*.c
        for folder, _, names in sorted(os.walk(self.lib)):
            for n in sorted(names):
                if n.endswith('.c'):
                    rel = os.path.relpath(os.path.join(folder, n), self.lib).replace(os.sep, '/')
                    self.sources.append((rel, Source(rel, os.path.join(folder, n))))

    def header(self, name):
        if name not in self.headers:
            path = os.path.join(self.lib, name)
            if not os.path.isfile(path):
                raise SystemExit('make_bundle.py: unknown include "%s"' % name)
            self.headers[name] = Source(name, path)
        return self.headers[name]

    def includes_kernels(self, src, seen=None):
        seen = seen or set()
        for name, _ in src.includes:
            if name in PUBLIC_HEADERS or name in seen:
                continue
            seen.add(name)
            if name == KERNELS_H or self.includes_kernels(self.header(name), seen):
                return True
        return False

    def classify(self):
        """(name, Source, section, part macro) of each source."""
        return [(n, s, section_of(n, self.includes_kernels(s)), part_of(n))
                for n, s in self.sources]

    def header_order(self, files):
        """Internal headers in dependency order, each with the condition
        under which some file includes it (an OR of the include sites) and
        the section of the files that include it (None: several)."""
        order, conds, sections = [], {}, {}

        def visit(src, outer, section):
            for name, inner in src.includes:
                if name in PUBLIC_HEADERS:
                    continue
                cond = join_and(outer + inner)
                h = self.header(name)
                first = name not in conds
                conds.setdefault(name, [])
                sections.setdefault(name, set())
                if cond not in conds[name] or section not in sections[name]:
                    if cond not in conds[name]:
                        conds[name].append(cond)
                    sections[name].add(section)
                    visit(h, outer + inner, section)
                if first:
                    order.append(name)

        for _, src, section, part in files:
            visit(src, [part] if part else [], section)
        result = []
        for name in order:
            cs = conds[name]
            result.append((name, None if '1' in cs else ' || '.join('(%s)' % c for c in cs),
                           next(iter(sections[name])) if len(sections[name]) == 1 else None))
        return result


def body_lines(src, hoisted):
    """A file's lines without its includes: system headers go to the top
    of tinynn.c (hoisted), quoted ones are in the bundle already."""
    out = []
    for line in src.lines:
        m = INCLUDE_RE.match(line)
        if m:
            if m.group(1) == '<':
                hoisted.setdefault(m.group(2), None)
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def config_block(version):
    major, minor, patch = version.split('.')
    return CONFIG_TEMPLATE.format(version=version, major=major, minor=minor, patch=patch)


CONFIG_TEMPLATE = '''/* ---- Configuration ------------------------------------------------------
 * Each macro below is a build option of libtinynn (meson_options.txt). The
 * value here is the default; override it with -DNAME=VALUE on the compiler
 * command line, the same for every file that includes tinynn.h and for
 * tinynn.c, or edit it here.
 *
 *   TNN_REAL_IS_DOUBLE   0: tnn_real is float; 1: double (meson -Dreal)
 *   TNN_HAVE_TRAINING    1: gradient, optimizers, tnn_fit, learners;
 *                        0: an inference-only library (meson -Dtraining)
 *   TNN_HAVE_LBFGS       L-BFGS and logistic regression, 1 by default
 *                        with training; needs TNN_HAVE_TRAINING (-Dlbfgs)
 *   TNN_HAVE_SERIALIZE   1: the model file (save, load, C export) and
 *                        tnn_crc32 (meson -Dserialize)
 *
 * Read by tinynn.c only (meson -Dkernels):
 *   TNN_COMPACT_KERNELS  1: the size-optimised dense kernels; 0: the fast
 *                        ones; unset: compact when optimising for size (-Os)
 *   TNN_PORTABLE_KERNELS defined: plain C kernels only, no vector-extension
 *                        code and no x86-64-v3 versions
 *   TNN_NO_TARGET_CLONES defined: no x86-64-v3 versions (GCC on x86-64
 *                        Linux builds them by default, picked at load time)
 * ------------------------------------------------------------------------ */
#ifndef TNN_REAL_IS_DOUBLE
#define TNN_REAL_IS_DOUBLE 0
#endif
#ifndef TNN_HAVE_TRAINING
#define TNN_HAVE_TRAINING 1
#endif
#ifndef TNN_HAVE_LBFGS
#define TNN_HAVE_LBFGS TNN_HAVE_TRAINING
#endif
#ifndef TNN_HAVE_SERIALIZE
#define TNN_HAVE_SERIALIZE 1
#endif
#if TNN_HAVE_LBFGS && !TNN_HAVE_TRAINING
#error "TNN_HAVE_LBFGS needs TNN_HAVE_TRAINING: L-BFGS is a trainer"
#endif

#define TNN_VERSION_MAJOR {major}
#define TNN_VERSION_MINOR {minor}
#define TNN_VERSION_PATCH {patch}
#define TNN_VERSION_NUMBER \\
    (TNN_VERSION_MAJOR * 10000u + TNN_VERSION_MINOR * 100u + TNN_VERSION_PATCH)
#define TNN_VERSION_STRING "{version}"
'''


def write_header(root, version, out):
    lines = ['/* tinynn.h: libtinynn %s, the whole public API in one header.' % version,
             ' * Generated by bundle/make_bundle.py from include/tinynn/; use with',
             ' * tinynn.c (README.md of the bundle). MIT licence. */',
             '#ifndef TINYNN_BUNDLE_H', '#define TINYNN_BUNDLE_H', '']
    done = set()

    def emit(name):
        if name in done:
            return
        done.add(name)
        if name == 'tinynn/config.h':
            lines.extend(config_block(version).splitlines())
            return
        for line in read(os.path.join(root, 'include', name)):
            m = INCLUDE_RE.match(line)
            if m and m.group(1) == '"':
                emit(m.group(2))
            else:
                lines.append(line)

    emit('tinynn/tinynn.h')
    lines += ['', '#endif /* TINYNN_BUNDLE_H */']
    write(out, lines)


def write_source(bundle, version, files, out):
    hoisted = {}
    # A header that files of one section include goes into that section, as
    # its static functions were compiled with that section's files; the
    # headers that files of several sections share, first and without
    # pragmas (their inline functions then inline anywhere).
    headers = {None: [], 'exact': [], 'rest': [], 'kernel': []}
    for name, cond, section in bundle.header_order(files):
        part = headers[section]
        part.append('/* ---- lib/%s ---- */' % name)
        if cond:
            part.append('#if %s' % cond)
        part.extend(body_lines(bundle.header(name), hoisted))
        if cond:
            part.append('#endif')
        part.append('')
    # Clang warns of unused static inline functions in the main file only:
    # the headers' helpers that a configuration leaves unused.
    for part in headers.values():
        if part:
            part[:0] = ['#if defined(__clang__)', '#pragma clang diagnostic push',
                        '#pragma clang diagnostic ignored "-Wunused-function"', '#endif']
            part += ['#if defined(__clang__)', '#pragma clang diagnostic pop', '#endif', '']

    sections = []
    for section in ('exact', 'rest', 'kernel'):
        gcc, stdc = SECTION_PRAGMAS[section]
        sections += ['', '/* ==== %s ==== */' % SECTION_TITLES[section],
                     '#if defined(__GNUC__) && !defined(__clang__)', '#pragma GCC push_options',
                     '#pragma GCC optimize("%s")' % gcc, '#else',
                     '#pragma STDC FP_CONTRACT %s' % stdc, '#endif', '']
        sections += headers[section]
        for name, src, sec, part in files:
            if sec != section:
                continue
            sections.append('/* ---- lib/%s ---- */' % name)
            if part:
                sections.append('#if %s' % part)
            body = body_lines(src, hoisted)
            sections.extend(body)
            # A file's own macros end with it, as they would in its own
            # translation unit.
            macros = []
            for line in body:
                m = DEFINE_RE.match(line)
                if m and m.group(1) not in macros:
                    macros.append(m.group(1))
            sections.extend('#undef %s' % m for m in macros)
            if part:
                sections.append('#endif /* %s */' % part)
            sections.append('')
        sections += ['#if defined(__GNUC__) && !defined(__clang__)', '#pragma GCC pop_options',
                     '#endif']

    lines = ['/* tinynn.c: libtinynn %s, the whole library in one file.' % version,
             ' * Generated by bundle/make_bundle.py from lib/; compile it with',
             ' * tinynn.h beside it (README.md of the bundle; the macros that select',
             ' * its parts are at the top of tinynn.h). MIT licence. */',
             '#define TNN_BUILDING_LIBRARY',
             '/* The sections below apply the hot loops\' compiler flags themselves. */',
             '#define TNN_KERNEL_FLAGS',
             '#include "tinynn.h"', '']
    lines += ['#include <%s>' % h for h in sorted(hoisted)]
    # As the meson build: the public functions (TNN_API) are the only
    # symbols a shared library built from this file exports.
    visibility = '!defined(_WIN32) && !defined(__CYGWIN__) && defined(__GNUC__) && __GNUC__ >= 4'
    lines += ['', '#if %s' % visibility, '#pragma GCC visibility push(hidden)', '#endif', '']
    lines += headers[None] + sections
    lines += ['', '#if %s' % visibility, '#pragma GCC visibility pop', '#endif']
    write(out, lines)


def write(path, lines):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    text = '\n'.join(lines) + '\n'
    text = re.sub(r'\n{3,}', '\n\n', text)
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, path)


def check_against_meson(files, args, lib):
    """The sections and parts must be what lib/meson.build builds."""
    enabled = {'TNN_HAVE_TRAINING': args.check_config[0] == '1',
               'TNN_HAVE_LBFGS': args.check_config[1] == '1',
               'TNN_HAVE_SERIALIZE': args.check_config[2] == '1', None: True}
    meson = {}
    for section, paths in (('exact', args.check_exact), ('kernel', args.check_kernel),
                           ('rest', args.check_rest)):
        for p in paths:
            rel = os.path.relpath(os.path.realpath(p), os.path.realpath(lib)).replace(os.sep, '/')
            meson[rel] = section
    ours = {n: sec for n, _, sec, part in files if enabled[part]}
    errors = ['%s: lib/meson.build builds it as %s, the bundle as %s' % (n, meson.get(n, 'nothing'),
                                                                          ours.get(n, 'nothing'))
              for n in sorted(set(meson) | set(ours)) if meson.get(n) != ours.get(n)]
    if errors:
        raise SystemExit('make_bundle.py: the bundle disagrees with lib/meson.build '
                         '(update EXACT_* or PART_OF_* here):\n  ' + '\n  '.join(errors))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--source-root', required=True)
    p.add_argument('--version', required=True)
    p.add_argument('--out-c', required=True)
    p.add_argument('--out-h', required=True)
    p.add_argument('--depfile')
    p.add_argument('--check-config', nargs=3)
    p.add_argument('--check-exact', nargs='*', default=[])
    p.add_argument('--check-kernel', nargs='*', default=[])
    p.add_argument('--check-rest', nargs='*', default=[])
    args = p.parse_args()

    bundle = Bundle(args.source_root)
    files = bundle.classify()
    if args.check_config:
        check_against_meson(files, args, bundle.lib)
    write_header(args.source_root, args.version, args.out_h)
    write_source(bundle, args.version, files, args.out_c)
    if args.depfile:
        inputs = [os.path.join(bundle.lib, n) for n, _ in bundle.sources]
        inputs += [os.path.join(bundle.lib, n) for n in sorted(bundle.headers)]
        inputs += [os.path.join(args.source_root, 'include', n) for n in PUBLIC_HEADERS
                   if n != 'tinynn/config.h']
        inputs.append(os.path.abspath(__file__))
        deps = ' '.join(os.path.abspath(i).replace(' ', '\\ ') for i in inputs)
        write(args.depfile, ['%s: %s' % (args.out_c, deps)])
    return 0


if __name__ == '__main__':
    sys.exit(main())
