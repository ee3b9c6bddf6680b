#!/usr/bin/env python3
"""Checks the toolchain manifests of the bundle folder against their formats.

The folder (meson compile bundle) is an Arduino library (library.properties,
Arduino library specification 1.5), a PlatformIO library (library.json), a
Zephyr module (zephyr/module.yml, zephyr/CMakeLists.txt, zephyr/Kconfig) and
an ESP-IDF component (idf_component.yml, CMakeLists.txt). None of those
toolchains runs here, so this checks what each requires: the required
fields, their value syntax, the project's version in each, and that every
path and macro a manifest names exists (files of the folder, Kconfig
symbols, tinynn.h's configuration macros).

With --mutate it checks itself: each of a list of broken copies of the
folder (a field removed, a bad version, a missing file...) must be refused.

Standard library only (run by meson's Python): the YAML files are read by
a parser of the block-mapping subset they use.

usage: check-manifests.py BUNDLE_DIR VERSION [--mutate]
"""
import json
import os
import re
import shutil
import sys
import tempfile

SEMVER = re.compile(r'^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)'
                    r'(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$')
URL = re.compile(r'^https?://[^\s/]+(/\S*)?$')
ARDUINO_REQUIRED = ('name', 'version', 'author', 'maintainer', 'sentence', 'paragraph',
                    'category', 'url', 'architectures')
ARDUINO_CATEGORIES = ('Display', 'Communication', 'Signal Input/Output', 'Sensors',
                      'Device Control', 'Timing', 'Data Storage', 'Data Processing', 'Other')
PIO_FRAMEWORKS = ('*', 'arduino', 'cmsis', 'espidf', 'freertos', 'libopencm3', 'mbed',
                  'pulp-os', 'spl', 'stm32cube', 'zephyr', 'energia', 'wiringpi',
                  'simba', 'libopenmv', 'kendryte-standalone-sdk', 'riscv-sdk', 'fwlib')
ZEPHYR_TOP_KEYS = ('name', 'build', 'samples', 'tests', 'boards', 'blobs', 'security',
                   'package-managers')
ZEPHYR_BUILD_KEYS = ('cmake', 'kconfig', 'cmake-ext', 'kconfig-ext', 'sysbuild-cmake',
                     'sysbuild-kconfig', 'sysbuild-cmake-ext', 'sysbuild-kconfig-ext',
                     'settings', 'depends')
IDF_KEYS = ('version', 'description', 'url', 'repository', 'documentation', 'issues',
            'discussion', 'license', 'maintainers', 'tags', 'targets', 'dependencies',
            'files', 'examples', 'repository_info')
# tinynn.h's configuration macros the Zephyr module must set from Kconfig.
CONFIG_MACROS = ('TNN_REAL_IS_DOUBLE', 'TNN_HAVE_TRAINING', 'TNN_HAVE_LBFGS',
                 'TNN_HAVE_SERIALIZE')


class Checker:
    def __init__(self, root, version):
        self.root = os.path.abspath(root)
        self.version = version
        self.errors = []

    def fail(self, name, message):
        self.errors.append('%s: %s' % (name, message))

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def read(self, name):
        try:
            with open(self.path(name), encoding='utf-8') as f:
                return f.read()
        except OSError as e:
            self.fail(name, 'cannot read (%s)' % e.strerror)
            return None

    def check_version(self, name, value):
        if not isinstance(value, str) or not SEMVER.match(value):
            self.fail(name, 'version %r is not a semantic version X.Y.Z' % (value,))
        elif value != self.version:
            self.fail(name, 'version %s is not the project\'s %s' % (value, self.version))

    def check_url(self, name, key, value):
        if not isinstance(value, str) or not URL.match(value):
            self.fail(name, '%s %r is not an http(s) URL' % (key, value))

    # ---- Arduino ----------------------------------------------------------
    def arduino(self):
        name = 'library.properties'
        text = self.read(name)
        if text is None:
            return
        props = {}
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            if '=' not in line:
                self.fail(name, 'line %d is not key=value' % n)
                continue
            key, value = line.split('=', 1)
            key = key.strip()
            if key in props:
                self.fail(name, 'line %d: %s given twice' % (n, key))
            props[key] = value.strip()
        for key in ARDUINO_REQUIRED:
            if not props.get(key):
                self.fail(name, 'required field %s missing or empty' % key)
        if 'name' in props:
            v = props['name']
            if not re.match(r'^[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}$', v) or \
                    v.lower().startswith('arduino'):
                self.fail(name, 'name %r: letters, digits, space _ . - (63 at most), '
                          'not starting with "Arduino"' % v)
        if 'version' in props:
            self.check_version(name, props['version'])
        if props.get('category') and props['category'] not in ARDUINO_CATEGORIES:
            self.fail(name, 'category %r is none of %s' % (props['category'],
                                                             ', '.join(ARDUINO_CATEGORIES)))
        if 'url' in props:
            self.check_url(name, 'url', props['url'])
        if 'architectures' in props:
            archs = [a.strip() for a in props['architectures'].split(',')]
            if not archs or any(not re.match(r'^(\*|[a-z0-9_]+)$', a) for a in archs):
                self.fail(name, 'architectures %r: a comma-separated list of core '
                          'architectures (lower case) or *' % props['architectures'])
        for header in props.get('includes', '').split(','):
            if header.strip() and not os.path.isfile(self.path('src', header.strip())):
                self.fail(name, 'includes %s, which src/ lacks' % header.strip())
        # the 1.5 layout: sources in src/, each example a folder holding the
        # sketch of the same name
        for f in ('src/tinynn.c', 'src/tinynn.h'):
            if not os.path.isfile(self.path(f)):
                self.fail(name, '%s missing' % f)
        examples = self.path('examples')
        sketches = sorted(os.listdir(examples)) if os.path.isdir(examples) else []
        if not sketches:
            self.fail(name, 'no example under examples/')
        for d in sketches:
            if not os.path.isfile(os.path.join(examples, d, d + '.ino')):
                self.fail(name, 'examples/%s has no %s.ino' % (d, d))

    # ---- PlatformIO -------------------------------------------------------
    def platformio(self):
        name = 'library.json'
        text = self.read(name)
        if text is None:
            return
        try:
            m = json.loads(text)
        except ValueError as e:
            self.fail(name, 'not valid JSON (%s)' % e)
            return
        if not isinstance(m, dict):
            self.fail(name, 'not a JSON object')
            return
        for key in ('name', 'version', 'description', 'keywords', 'frameworks', 'platforms'):
            if key not in m:
                self.fail(name, 'field %s missing' % key)
        v = m.get('name')
        if v is not None and (not isinstance(v, str) or len(v) > 50 or
                              not re.match(r'^[A-Za-z0-9]([A-Za-z0-9_.]|-(?!-))*(?<!-)$', v)):
            self.fail(name, 'name %r: letters, digits, single dashes, 50 at most' % (v,))
        if 'version' in m:
            self.check_version(name, m['version'])
        d = m.get('description')
        if d is not None and (not isinstance(d, str) or not d.strip() or len(d) > 255):
            self.fail(name, 'description: text of 1 to 255 characters')

        def names(key, allowed=None):
            v = m.get(key)
            if v is None:
                return
            items = [s.strip() for s in v.split(',')] if isinstance(v, str) else v
            if not isinstance(items, list) or not items or \
                    any(not isinstance(s, str) or not s for s in items):
                self.fail(name, '%s: a string or a list of strings' % key)
            elif allowed and any(s not in allowed for s in items):
                self.fail(name, '%s: unknown %s' % (key, [s for s in items if s not in allowed]))

        names('keywords')
        names('frameworks', PIO_FRAMEWORKS)
        names('platforms')
        if 'homepage' in m:
            self.check_url(name, 'homepage', m['homepage'])
        build = m.get('build', {})
        if not isinstance(build, dict):
            self.fail(name, 'build: an object')
            build = {}
        src = build.get('srcDir', 'src')
        inc = build.get('includeDir', 'include')
        for key, folder in (('srcDir', src), ('includeDir', inc)):
            if not os.path.isdir(self.path(folder)):
                self.fail(name, 'build.%s %s: no such folder' % (key, folder))
        flags = build.get('flags', [])
        if not isinstance(flags, (str, list)) or \
                (isinstance(flags, list) and any(not isinstance(f, str) for f in flags)):
            self.fail(name, 'build.flags: a string or a list of strings')
        headers = m.get('headers', [])
        for h in [headers] if isinstance(headers, str) else headers:
            if not os.path.isfile(self.path(inc, h)):
                self.fail(name, 'headers: %s not in %s/' % (h, inc))

    # ---- Zephyr -----------------------------------------------------------
    def zephyr(self):
        name = 'zephyr/module.yml'
        text = self.read(name)
        if text is None:
            return
        module = parse_yaml(text, name, self.fail)
        if not isinstance(module, dict):
            self.fail(name, 'not a mapping')
            return
        for key in module:
            if key not in ZEPHYR_TOP_KEYS:
                self.fail(name, 'unknown key %s' % key)
        if 'name' in module and not re.match(r'^[A-Za-z0-9_-]+$', str(module['name'])):
            self.fail(name, 'name %r: letters, digits, _ and -' % module['name'])
        build = module.get('build')
        if not isinstance(build, dict):
            self.fail(name, 'build: a mapping with cmake and kconfig')
            return
        for key in build:
            if key not in ZEPHYR_BUILD_KEYS:
                self.fail(name, 'unknown key build.%s' % key)
        cmake, kconfig = build.get('cmake'), build.get('kconfig')
        if not isinstance(cmake, str) or \
                not os.path.isfile(self.path(cmake or '', 'CMakeLists.txt')):
            self.fail(name, 'build.cmake %r: not a folder holding CMakeLists.txt' % (cmake,))
            return
        if not isinstance(kconfig, str) or not os.path.isfile(self.path(kconfig)):
            self.fail(name, 'build.kconfig %r: no such file' % (kconfig,))
            return
        symbols = self.kconfig(kconfig)
        cmake_name = os.path.join(cmake, 'CMakeLists.txt')
        text = self.read(cmake_name)
        if text is None:
            return
        calls = cmake_calls(text)
        commands = [c for c, _ in calls]
        guard = next((a for c, a in calls if c == 'if'), None)
        if guard is None or not re.match(r'^CONFIG_\w+$', guard[0] if guard else ''):
            self.fail(cmake_name, 'not guarded by if(CONFIG_...)')
        for c in ('zephyr_library_sources', 'zephyr_include_directories'):
            if c not in commands:
                self.fail(cmake_name, 'no %s() call' % c)
        if 'zephyr_library' not in commands and 'zephyr_library_named' not in commands:
            self.fail(cmake_name, 'no zephyr_library() or zephyr_library_named() call')
        here = os.path.dirname(self.path(cmake_name))
        variables = {'CMAKE_CURRENT_LIST_DIR': here, 'CMAKE_CURRENT_SOURCE_DIR': here}
        for c, args in calls:
            if c == 'set' and len(args) == 2:
                variables[args[0]] = expand(args[1], variables)
        for c, args in calls:
            if c == 'zephyr_library_sources':
                for a in args:
                    if not os.path.isfile(os.path.join(here, expand(a, variables))):
                        self.fail(cmake_name, 'source %s: no such file' % a)
            if c == 'zephyr_include_directories':
                for a in args:
                    d = os.path.join(here, expand(a, variables))
                    if not os.path.isfile(os.path.join(d, 'tinynn.h')):
                        self.fail(cmake_name, 'include folder %s has no tinynn.h' % a)
        for used in sorted(set(re.findall(r'\bCONFIG_(\w+)', text))):
            if used not in symbols:
                self.fail(cmake_name, 'CONFIG_%s is not a symbol of %s' % (used, kconfig))
        header = self.read('src/tinynn.h') or ''
        for macro in CONFIG_MACROS:
            if not re.search(r'^#ifndef %s$' % macro, header, re.M):
                self.fail('src/tinynn.h', 'no overridable %s' % macro)
            if not any(c == 'tinynn_macro' and macro in a or
                       c == 'zephyr_compile_definitions' and any(x.startswith(macro + '=')
                                                                 for x in a)
                       for c, a in calls):
                self.fail(cmake_name, '%s is not set from Kconfig' % macro)

    def kconfig(self, name):
        """The symbols of a Kconfig file, after checking its block structure
        and that each symbol has a type."""
        text = self.read(name) or ''
        symbols, stack, current, typed = set(), [], None, {}
        openers = {'if': 'endif', 'menu': 'endmenu', 'choice': 'endchoice'}
        for n, line in enumerate(text.splitlines(), 1):
            words = line.split('#', 1)[0].split()
            if not words:
                continue
            w = words[0]
            if w in ('config', 'menuconfig'):
                if len(words) != 2 or not re.match(r'^[A-Z0-9_]+$', words[1]):
                    self.fail(name, 'line %d: %s needs one upper-case symbol' % (n, w))
                    continue
                current = words[1]
                symbols.add(current)
                typed.setdefault(current, False)
            elif w in openers:
                stack.append((openers[w], n))
                current = None
            elif w in ('endif', 'endmenu', 'endchoice'):
                if not stack or stack[-1][0] != w:
                    self.fail(name, 'line %d: %s without its opening' % (n, w))
                else:
                    stack.pop()
                current = None
            elif w in ('bool', 'tristate', 'int', 'hex', 'string') and current:
                typed[current] = True
            elif w not in ('prompt', 'default', 'depends', 'select', 'imply', 'help', 'range',
                           'source', 'rsource', 'osource', 'orsource', 'comment',
                           'visible') and line[:1] not in ('\t', ' '):
                self.fail(name, 'line %d: unknown keyword %s' % (n, w))
        for end, n in stack:
            self.fail(name, 'line %d: block never closed by %s' % (n, end))
        for s, t in sorted(typed.items()):
            if not t:
                self.fail(name, '%s has no type' % s)
        return symbols

    # ---- ESP-IDF ----------------------------------------------------------
    def espidf(self):
        name = 'idf_component.yml'
        text = self.read(name)
        if text is not None:
            m = parse_yaml(text, name, self.fail)
            if not isinstance(m, dict):
                self.fail(name, 'not a mapping')
            else:
                for key in m:
                    if key not in IDF_KEYS:
                        self.fail(name, 'unknown key %s' % key)
                for key in ('version', 'description', 'url'):
                    if key not in m:
                        self.fail(name, 'field %s missing' % key)
                if 'version' in m:
                    self.check_version(name, m['version'])
                if 'description' in m and not (isinstance(m['description'], str) and
                                               m['description'].strip()):
                    self.fail(name, 'description: text')
                if 'url' in m:
                    self.check_url(name, 'url', m['url'])
                deps = m.get('dependencies', {})
                if not isinstance(deps, dict):
                    self.fail(name, 'dependencies: a mapping')
        name = 'CMakeLists.txt'
        text = self.read(name)
        if text is None:
            return
        calls = [a for c, a in cmake_calls(text) if c == 'idf_component_register']
        if len(calls) != 1:
            self.fail(name, 'wants one idf_component_register() call, has %d' % len(calls))
            return
        groups, key = {}, None
        for a in calls[0]:
            if re.match(r'^[A-Z_]+$', a):
                key = a
                groups.setdefault(key, [])
            elif key is None:
                self.fail(name, 'idf_component_register: %s before any keyword' % a)
            else:
                groups[key].append(a)
        if not groups.get('SRCS'):
            self.fail(name, 'idf_component_register without SRCS')
        for s in groups.get('SRCS', []):
            if not os.path.isfile(self.path(s)):
                self.fail(name, 'SRCS %s: no such file' % s)
        if not any(os.path.isfile(self.path(d, 'tinynn.h'))
                   for d in groups.get('INCLUDE_DIRS', [])):
            self.fail(name, 'no INCLUDE_DIRS folder holds tinynn.h')

    def run(self):
        self.arduino()
        self.platformio()
        self.zephyr()
        self.espidf()
        return self.errors


def cmake_calls(text):
    """(command, [arguments]) of each call, comments dropped; enough for
    files without brackets or nested parentheses."""
    text = re.sub(r'#[^\n]*', '', text)
    calls = []
    for m in re.finditer(r'\b([A-Za-z_]\w*)\s*\(([^()]*)\)', text):
        args = re.findall(r'"([^"]*)"|(\S+)', m.group(2))
        calls.append((m.group(1).lower(), [a or b for a, b in args]))
    return calls


def expand(value, variables):
    return re.sub(r'\$\{(\w+)\}', lambda m: variables.get(m.group(1), m.group(0)), value)


def parse_yaml(text, name, fail):
    """Block mappings, block lists and plain or quoted scalars: the subset
    module.yml and idf_component.yml use. Tabs and flow collections are
    refused as the files do not use them."""
    lines = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = re.sub(r'(^|\s)#.*$', '', raw).rstrip()
        if not line.strip():
            continue
        if '\t' in raw[:len(raw) - len(raw.lstrip())]:
            fail(name, 'line %d: tab in indentation' % n)
            return None
        lines.append((n, len(line) - len(line.lstrip()), line.strip()))

    def scalar(s, n):
        if s[:1] in ('"', "'"):
            if len(s) < 2 or s[-1] != s[0]:
                fail(name, 'line %d: unterminated quote' % n)
            return s[1:-1]
        if s[:1] in ('[', '{', '&', '*', '!', '|', '>'):
            fail(name, 'line %d: unsupported YAML %s' % (n, s[:1]))
        return s

    def block(i, indent):
        if i >= len(lines):
            return None, i
        is_list = lines[i][2].startswith('- ')
        result = [] if is_list else {}
        while i < len(lines) and lines[i][1] == indent:
            n, _, s = lines[i]
            if is_list != s.startswith('- '):
                fail(name, 'line %d: list and mapping mixed' % n)
                return result, len(lines)
            if is_list:
                result.append(scalar(s[2:].strip(), n))
                i += 1
                continue
            m = re.match(r'^([A-Za-z0-9_.-]+|"[^"]+"|\'[^\']+\'):(\s+(.*))?$', s)
            if not m:
                fail(name, 'line %d: not "key: value"' % n)
                return result, len(lines)
            key = m.group(1).strip('"\'')
            if key in result:
                fail(name, 'line %d: key %s given twice' % (n, key))
            if m.group(3):
                result[key] = scalar(m.group(3), n)
                i += 1
            elif i + 1 < len(lines) and lines[i + 1][1] > indent:
                result[key], i = block(i + 1, lines[i + 1][1])
            else:
                result[key] = None
                i += 1
        if i < len(lines) and lines[i][1] > indent:
            fail(name, 'line %d: bad indentation' % lines[i][0])
            return result, len(lines)
        return result, i

    if not lines:
        fail(name, 'empty')
        return None
    value, i = block(0, lines[0][1])
    if i < len(lines):
        fail(name, 'line %d: bad indentation' % lines[i][0])
    return value


def sub(old, new):
    def edit(text):
        if old not in text:
            raise SystemExit('check-manifests.py --mutate: %r not found' % old)
        return text.replace(old, new, 1)
    return edit


def drop_line(prefix):
    def edit(text):
        kept = [l for l in text.splitlines(True) if not l.lstrip().startswith(prefix)]
        if len(kept) == len(text.splitlines(True)):
            raise SystemExit('check-manifests.py --mutate: no line %r' % prefix)
        return ''.join(kept)
    return edit


def mutations(version):
    """(file, what, edit) of each broken copy; edit None deletes the file."""
    return [
        ('library.properties', 'maintainer removed', drop_line('maintainer=')),
        ('library.properties', 'architectures removed', drop_line('architectures=')),
        ('library.properties', 'version 0.2', sub('version=' + version, 'version=0.2')),
        ('library.properties', 'another version', sub('version=' + version, 'version=9.9.9')),
        ('library.properties', 'bad architectures', sub('architectures=',
                                                        'architectures=AVR Boards,')),
        ('library.properties', 'unknown category', sub('category=', 'category=Neural')),
        ('library.properties', 'includes a missing header', sub('includes=tinynn.h',
                                                               'includes=tinynn.hpp')),
        ('library.json', 'name removed', drop_line('"name"')),
        ('library.json', 'version removed', drop_line('"version"')),
        ('library.json', 'version v0.2', sub('"version": "%s"' % version, '"version": "v0.2"')),
        ('library.json', 'invalid JSON', sub('"keywords":', '"keywords"')),
        ('library.json', 'unknown framework', sub('"frameworks": "*"',
                                                  '"frameworks": "arduinoo"')),
        ('library.json', 'srcDir missing', sub('"srcDir": "src"', '"srcDir": "source"')),
        ('zephyr/module.yml', 'build.cmake removed', drop_line('cmake:')),
        ('zephyr/module.yml', 'build.kconfig names no file', sub('zephyr/Kconfig',
                                                                 'zephyr/Kconfig.tinynn')),
        ('zephyr/module.yml', 'unknown key', sub('build:', 'bulid:')),
        ('zephyr/CMakeLists.txt', 'no include folder', drop_line('zephyr_include_directories')),
        ('zephyr/CMakeLists.txt', 'no Kconfig guard', sub('if(CONFIG_TINYNN)', 'if(TRUE)')),
        ('zephyr/CMakeLists.txt', 'missing source', sub('tinynn.c)', 'tiny.c)')),
        ('zephyr/CMakeLists.txt', 'training macro not set',
         drop_line('tinynn_macro(CONFIG_TINYNN_TRAINING')),
        ('zephyr/Kconfig', 'symbol renamed', sub('config TINYNN_TRAINING',
                                                 'config TINYNN_TRAIN')),
        ('zephyr/Kconfig', 'choice never closed', drop_line('endchoice')),
        ('idf_component.yml', 'description removed', drop_line('description:')),
        ('idf_component.yml', 'version 1.0', sub('version: "%s"' % version, 'version: "1.0"')),
        ('idf_component.yml', 'not YAML', sub('license: "MIT"', 'license "MIT"')),
        ('idf_component.yml', 'url not a URL', sub('url: "http', 'url: "git+http')),
        ('CMakeLists.txt', 'SRCS names no file', sub('src/tinynn.c', 'src/tinynn.cpp')),
        ('CMakeLists.txt', 'no idf_component_register', sub('idf_component_register(',
                                                            'add_library(')),
        ('examples/TrainXor/TrainXor.ino', 'sketch deleted', None),
        ('src/tinynn.h', 'header deleted', None),
    ]


def mutate(root, version):
    failed = 0
    for name, what, edit in mutations(version):
        with tempfile.TemporaryDirectory() as tmp:
            copy = os.path.join(tmp, 'tinynn')
            shutil.copytree(root, copy)
            target = os.path.join(copy, name)
            if edit is None:
                os.remove(target)
            else:
                with open(target, encoding='utf-8') as f:
                    text = f.read()
                with open(target, 'w', encoding='utf-8') as f:
                    f.write(edit(text))
            errors = Checker(copy, version).run()
        if errors:
            print('ok      %s, %s: refused (%s)' % (name, what, errors[0]))
        else:
            print('FAILED  %s, %s: accepted' % (name, what))
            failed = 1
    return failed


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != '--mutate'):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    root, version = argv[1], argv[2]
    errors = Checker(root, version).run()
    for e in errors:
        print('FAILED  %s' % e)
    if errors:
        return 1
    print('ok      library.properties, library.json, zephyr/, idf_component.yml, '
          'CMakeLists.txt: version %s' % version)
    if len(argv) == 4:
        return mutate(root, version)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
