"use strict";
exports.id = 33;
exports.ids = [33];
exports.modules = {

/***/ 82417:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  A: () => (/* binding */ parseDockerfile)
});

// UNUSED EXPORTS: splitCommand

// EXTERNAL MODULE: ./build/frontend/directives.ts
var frontend_directives = __webpack_require__(57066);
// EXTERNAL MODULE: ./build/frontend/heredoc.ts
var heredoc = __webpack_require__(89070);
// EXTERNAL MODULE: ./build/frontend/text.ts
var frontend_text = __webpack_require__(98111);
;// CONCATENATED MODULE: ./build/frontend/split-command.ts

/** `RUN --mount=type=bind,source=. make` → keyword, flags, args. */
function splitCommand(line, escape = '\\') {
    const t = (0,frontend_text/* trimGo */.JN)(line);
    const sep = /[\t\v\f\r ]+/.exec(t);
    const keyword = dispatchKey(sep ? t.slice(0, sep.index) : t);
    if (!sep)
        return { keyword, flags: [], args: '' };
    const { rest, words } = extractFlags(t.slice(sep.index + sep[0].length), escape);
    const flags = words.map(w => {
        const eq = w.indexOf('=');
        return eq < 0 ? { name: w.slice(2) } : { name: w.slice(2, eq), value: w.slice(eq + 1) };
    });
    return { keyword, flags, args: (0,frontend_text/* trimGo */.JN)(rest) };
}
// BuildKit dispatches on strings.ToLower(keyword); shown upper-cased (ASCII letters only, so that a
// keyword BuildKit does not know, like `onbuıld`, does not become a known one here).
const dispatchKey = (word) => (0,frontend_text/* goToLower */.ri)(word).replace(/[a-z]+/g, s => s.toUpperCase());
// Leading `--words` are flags; quotes are removed and the escape character escapes the next one; at the
// very end it is dropped. A bare `--` ends the flags. Works on UTF-8 bytes like BuildKit's extractBuilderFlags.
function extractFlags(text, escape) {
    const line = (0,frontend_text/* utf8Bytes */.dy)(text);
    const done = (pos, words) => ({ rest: (0,frontend_text/* fromUtf8Bytes */.BC)(line.slice(pos)), words });
    const words = [];
    let phase = 'spaces';
    let word = '';
    let quote = '';
    let blankOK = false;
    for (let pos = 0; pos <= line.length; pos++) {
        let ch = line.charAt(pos);
        if (phase === 'spaces') {
            if (pos === line.length)
                break;
            if ((0,frontend_text/* isGoSpace */.F5)(ch))
                continue;
            if (ch !== '-' || line.charAt(pos + 1) !== '-')
                return done(pos, words);
            phase = 'word';
        }
        if (pos === line.length) {
            if (word !== '--' && (blankOK || word !== ''))
                words.push(word);
            break;
        }
        if (phase === 'word') {
            if ((0,frontend_text/* isGoSpace */.F5)(ch)) {
                if (word === '--')
                    return done(pos, words);
                if (blankOK || word !== '')
                    words.push(word);
                phase = 'spaces';
                word = '';
                blankOK = false;
                continue;
            }
            if (ch === "'" || ch === '"') {
                quote = ch;
                blankOK = true;
                phase = 'quote';
                continue;
            }
        }
        else if (ch === quote) {
            phase = 'word';
            continue;
        }
        if (ch === escape) {
            if (pos + 1 === line.length) {
                phase = 'word';
                continue;
            }
            ch = line.charAt(++pos);
        }
        word += ch;
    }
    return { rest: '', words };
}

;// CONCATENATED MODULE: ./build/frontend/dockerfile.ts
// A Dockerfile parser that follows BuildKit's frontend/dockerfile/parser closely enough that a policy check
// sees the same instructions, flags and lines BuildKit will build: parser directives only before anything
// else, the escape character for continuations, comment and blank lines skipped inside continuations,
// heredocs on RUN/COPY/ADD (also under ONBUILD) read until their terminator, flags split off the same way.
// It does not expand variables or validate instructions: BuildKit does that at build time.





function parseDockerfile(text) {
    const lines = (0,frontend_directives/* splitLines */.uz)(text);
    const dp = new frontend_directives/* DirectiveParser */.Z_('#');
    const directives = [];
    const instructions = [];
    let escape = '\\';
    let continuation = continuationRegExp(escape);
    let i = 0;
    while (i < lines.length) {
        const token = (0,frontend_text/* trimGoLeft */.Qm)(lines[i]);
        const start = ++i;
        const d = dp.parse(token, start);
        if (d) {
            directives.push(d);
            if (d.name === 'escape') {
                if (d.value !== '\\' && d.value !== '`') {
                    throw new frontend_directives/* DockerfileParseError */.uM(`invalid escape token '${d.value}' does not match \` or \\`, start);
                }
                escape = d.value;
                continuation = continuationRegExp(escape);
            }
        }
        if (isComment(token))
            continue;
        let [line, ended] = trimContinuation(token, continuation);
        if (ended && line === '')
            continue;
        while (!ended && i < lines.length) {
            const next = lines[i++];
            // Comment and blank lines inside a continuation are dropped without ending it.
            if (isComment(next) || (0,frontend_text/* trimGoLeft */.Qm)(next) === '')
                continue;
            const [part, end] = trimContinuation(next, continuation);
            line += part;
            ended = end;
        }
        const instruction = { ...splitCommand(line, escape), line: start, endLine: i, heredocs: [] };
        const inner = instruction.keyword === 'ONBUILD' && instruction.args !== '';
        const parentView = inner ? splitCommand(instruction.args, escape) : undefined;
        const bodies = [];
        if ((0,heredoc/* canContainHeredoc */.TR)(parentView ?? instruction) && line.includes('<<')) {
            for (const h of heredocsOf(line, start)) {
                const body = i + 1;
                let terminated = false;
                let content = '';
                while (i < lines.length) {
                    const raw = lines[i++];
                    if ((h.chomp ? raw.replace(/^\t+/, '') : raw) === h.delimiter) {
                        terminated = true;
                        break;
                    }
                    content += raw + '\n';
                }
                if (!terminated)
                    throw new frontend_directives/* DockerfileParseError */.uM('unterminated heredoc', start);
                instruction.heredocs.push({ ...h, line: body, endLine: i });
                bodies.push(`\n${content}${h.delimiter}`);
            }
            instruction.endLine = i;
        }
        if (parentView)
            instruction.onbuild = onbuildTrigger(line, bodies) ?? { ...parentView, heredocs: [] };
        instructions.push(instruction);
    }
    const syntax = (0,frontend_directives/* detectSyntax */.Dh)(text);
    return syntax ? { directives, instructions, escape, syntax } : { directives, instructions, escape };
}
function isComment(line) {
    return (0,frontend_text/* trimGoLeft */.Qm)(line).startsWith('#');
}
// A heredoc word BuildKit cannot read (its quotes) fails the whole parse.
function heredocsOf(line, lineNo) {
    try {
        return (0,heredoc/* heredocsFromLine */.CL)(line);
    }
    catch (e) {
        throw new frontend_directives/* DockerfileParseError */.uM(e.message, lineNo);
    }
}
/**
 * An ONBUILD trigger is stored as text (the line after `ONBUILD`, with its heredocs) and parsed again, on
 * its own and with the default escape character, by the build that uses the image as its base: that is
 * what runs. undefined when that parse fails or finds more than one instruction (the build fails there).
 */
function onbuildTrigger(line, bodies) {
    const text = line.replace(/^[\t\n\f\r ]*ONBUILD[\t\n\f\r ]*/iu, '') + bodies.join('');
    try {
        const { instructions } = parseDockerfile(text);
        if (instructions.length !== 1)
            return undefined;
        const { keyword, flags, args, heredocs } = instructions[0];
        return {
            keyword,
            flags,
            args,
            heredocs: heredocs.map(({ delimiter, chomp, expand }) => ({ delimiter, chomp, expand }))
        };
    }
    catch {
        return undefined;
    }
}
// As BuildKit: the escape character as the last non-blank character continues the line, unless it is the
// only thing after another escape character (a known quirk: `foo \\` does not continue).
function continuationRegExp(escape) {
    const e = escape === '\\' ? '\\\\' : '`';
    return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}
function trimContinuation(line, re) {
    return re.test(line) ? [line.replace(re, '$1'), false] : [line, true];
}


/***/ }),

/***/ 89070:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CL: () => (/* binding */ heredocsFromLine),
/* harmony export */   Md: () => (/* binding */ isJsonArray),
/* harmony export */   TR: () => (/* binding */ canContainHeredoc),
/* harmony export */   hd: () => (/* binding */ heredocWord)
/* harmony export */ });
/* harmony import */ var _shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(45631);

const HEREDOC_KEYWORDS = new Set(['ADD', 'COPY', 'RUN']);
function canContainHeredoc(cmd) {
    return HEREDOC_KEYWORDS.has(cmd.keyword) && !isJsonArray(cmd.args);
}
/** The exec form (`["sh", "-c", "…"]`): a JSON array of strings. */
function isJsonArray(args) {
    if (!args.startsWith('['))
        return false;
    try {
        const v = JSON.parse(args);
        return Array.isArray(v) && v.every(x => typeof x === 'string');
    }
    catch {
        return false;
    }
}
const HEREDOC = /^([0-9]*)<<(-?)[\t\n\f\r ]*([^<]*)$/;
/**
 * Every heredoc the joined line starts, in order. The line's words are lexed with quotes and escapes kept
 * (a line the lexer refuses has none); a heredoc word it cannot read again throws, as BuildKit fails then.
 */
function heredocsFromLine(line) {
    let words;
    try {
        words = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .processWords */ .Pk)(line, { escape: '\\', rawQuotes: true, rawEscapes: true });
    }
    catch {
        return [];
    }
    return words.flatMap(w => heredocWord(w) ?? []);
}
/** A word shaped like `[n]<<[-]WORD` read as a heredoc (parser.ParseHeredoc); undefined when it is none. */
function heredocWord(word) {
    const m = HEREDOC.exec(word);
    if (!m || m[3] === '')
        return undefined;
    const plain = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .processWords */ .Pk)(m[3], { escape: '\\' });
    if (plain.length !== 1)
        return undefined;
    const raw = (0,_shell_lexer_js__WEBPACK_IMPORTED_MODULE_0__/* .processWords */ .Pk)(m[3], { escape: '\\', rawQuotes: true });
    if (raw.length !== 1)
        throw new Error(`internal lexing of heredoc produced inconsistent results: ${m[3]}`);
    // Some part of the word quoted: the body is not expanded.
    const quotes = (s) => (s.match(/['"]/g) ?? []).length;
    return { delimiter: plain[0], chomp: m[2] === '-', expand: quotes(plain[0]) === quotes(raw[0]) };
}


/***/ }),

/***/ 47033:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  addSources: () => (/* binding */ addSources),
  checkPolicy: () => (/* binding */ checkPolicy),
  policyFindings: () => (/* binding */ policyFindings)
});

// EXTERNAL MODULE: ./build/frontend/dockerfile.ts + 1 modules
var dockerfile = __webpack_require__(82417);
// EXTERNAL MODULE: ./build/frontend/heredoc.ts
var heredoc = __webpack_require__(89070);
// EXTERNAL MODULE: ./build/frontend/shell-lexer.ts
var shell_lexer = __webpack_require__(45631);
// EXTERNAL MODULE: ./build/frontend/text.ts
var frontend_text = __webpack_require__(98111);
;// CONCATENATED MODULE: ./build/frontend/mount.ts
// A RUN --mount value read as BuildKit reads it at build time (instructions/commands_runmount.go): CSV
// fields, keys case-insensitive, each value through the shell lexer with the Dockerfile's escape
// character (quotes and escapes removed; variables kept as written, since none is known here).


const TYPES = new Set(['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
const SHARING = new Set(['shared', 'private', 'locked']);
const FLAGS = new Set(['readonly', 'ro', 'readwrite', 'rw', 'required']);
const OTHER_KEYS = new Set([...FLAGS, 'size', 'mode', 'uid', 'gid', 'env']);
/** The mount, or the reason BuildKit refuses it. */
function parseMount(value, escape) {
    const fields = csvFields(value);
    if (typeof fields === 'string')
        return { error: `failed to parse csv mounts: ${fields}` };
    const m = { type: 'bind', from: '', source: '', target: '', id: '', sharing: '' };
    let typed = false;
    for (const field of fields) {
        const eq = field.indexOf('=');
        const key = (0,frontend_text/* goToLower */.ri)(eq < 0 ? field : field.slice(0, eq));
        if (eq < 0) {
            if (FLAGS.has(key))
                continue;
            return { error: `invalid field '${field}' must be a key=value pair` };
        }
        const written = field.slice(eq + 1);
        // Checked before expansion: a variable only at the very end.
        if (key === 'from' && written.indexOf('$') >= 0 && written.indexOf('$') !== written.length - 1)
            return { error: `'from' doesn't support variable expansion, define alias stage instead` };
        let v;
        try {
            v = (0,shell_lexer/* processWord */.o6)(written, { escape });
        }
        catch (e) {
            return { error: e.message };
        }
        if (key === 'type') {
            m.type = (0,frontend_text/* goToLower */.ri)(v);
            typed = true;
            if (!TYPES.has(m.type) && !m.type.includes('$'))
                return { error: `unsupported mount type "${v}"` };
        }
        else if (key === 'from')
            m.from = v;
        else if (key === 'source' || key === 'src')
            m.source = v;
        else if (key === 'target' || key === 'dst' || key === 'destination')
            m.target = v;
        else if (key === 'id')
            m.id = v;
        else if (key === 'sharing') {
            m.sharing = (0,frontend_text/* goToLower */.ri)(v);
            if (!SHARING.has(m.sharing) && !m.sharing.includes('$'))
                return { error: `unsupported sharing value "${v}"` };
        }
        else if (!OTHER_KEYS.has(key))
            return { error: `unexpected key '${key}' in '${field}'` };
    }
    return { mount: m, typed };
}
/** One CSV record as github.com/tonistiigi/go-csvvalue reads it (strict quotes); a string is an error. */
function csvFields(value) {
    let line = value.replace(/\r?\n$/, '');
    if (line === '')
        return 'EOF';
    const out = [];
    for (;;) {
        if (!line.startsWith('"')) {
            const comma = line.indexOf(',');
            const field = comma < 0 ? line : line.slice(0, comma);
            if (field.includes('"'))
                return 'bare " in non-quoted-field';
            out.push(field);
            if (comma < 0)
                return out;
            line = line.slice(comma + 1);
            continue;
        }
        // A quoted field: `""` is a quote; the closing quote is followed by a comma or the end.
        let field = '';
        let i = 1;
        for (;;) {
            const q = line.indexOf('"', i);
            if (q < 0)
                return 'extraneous or missing " in quoted-field';
            field += line.slice(i, q);
            if (line[q + 1] === '"') {
                field += '"';
                i = q + 2;
            }
            else if (line[q + 1] === ',') {
                out.push(field);
                line = line.slice(q + 2);
                break;
            }
            else if (q + 1 === line.length) {
                out.push(field);
                return out;
            }
            else
                return 'extraneous or missing " in quoted-field';
        }
    }
}

// EXTERNAL MODULE: ./build/model.ts
var model = __webpack_require__(52168);
;// CONCATENATED MODULE: ./build/frontend/policy.ts
// Dockerfile rules checked before a build, in the spirit of the official-images review (bashbrew PR 43):
// features that widen what a build can reach are off unless allowed. Each rule is switchable by name.





/** Every violation of the enabled rules, in line order. */
function checkPolicy(parsed, rules, file) {
    const on = new Set(rules);
    const out = [];
    for (const ins of parsed.instructions) {
        const cmd = ins.keyword === 'ONBUILD' ? ins.onbuild : ins;
        if (!cmd)
            continue;
        const where = ins.keyword === 'ONBUILD' ? `ONBUILD ${cmd.keyword}` : cmd.keyword;
        // A trigger runs in another build, under that Dockerfile's escape character: either may apply.
        const escapes = ins.keyword === 'ONBUILD' ? ['\\', '`'] : [parsed.escape];
        for (const rule of model/* RULES */.y0) {
            if (!on.has(rule))
                continue;
            for (const message of CHECKS[rule](cmd, ins, where, escapes))
                out.push({ rule, file, line: ins.line, message });
        }
    }
    return out.sort((a, b) => a.line - b.line);
}
const flagsOf = (cmd, keyword, name) => cmd.keyword === keyword ? cmd.flags.filter(f => f.name.toLowerCase() === name) : [];
const show = (name, value) => value === undefined ? `--${name}` : `--${name}=${value}`;
const CHECKS = {
    'no-bind-mounts': (cmd, _, where, escapes) => flagsOf(cmd, 'RUN', 'mount').flatMap(f => {
        const reason = bindReason(f.value ?? '', escapes);
        return reason === undefined ? [] : [`${where} ${show('mount', f.value)}: ${reason}`];
    }),
    'no-network': (cmd, _, where) => flagsOf(cmd, 'RUN', 'network')
        .filter(f => f.value !== 'default')
        .map(f => `${where} ${show('network', f.value)}: only the default network is allowed`),
    'no-security': (cmd, _, where) => flagsOf(cmd, 'RUN', 'security')
        .filter(f => f.value !== 'sandbox')
        .map(f => `${where} ${show('security', f.value)}: only the default sandbox is allowed`),
    'no-heredocs': (_, ins, where) => {
        const heredocs = ins.heredocs.length ? ins.heredocs : (ins.onbuild?.heredocs ?? []);
        return heredocs.length === 0
            ? []
            : [
                `${where} uses a heredoc (${heredocs.map(h => `<<${h.delimiter}`).join(' ')}): heredocs are not allowed`
            ];
    },
    'no-add-url': (cmd, _, where, escapes) => {
        if (cmd.keyword !== 'ADD')
            return [];
        const sources = new Set(escapes.flatMap(e => addSources(cmd.args, e)));
        return [...sources].flatMap(src => {
            if (/^[a-z][a-z0-9+.-]*:\/\//i.test(src) || /^[\w.-]+@[\w.-]+:/.test(src)) {
                return [`${where} ${src}: remote sources (URLs, git) are not allowed`];
            }
            if (src.startsWith('$'))
                return [`${where} ${src}: a source starting with a variable may be a URL; not allowed`];
            return [];
        });
    },
    'no-foreign-platform': (cmd, _, where) => flagsOf(cmd, 'FROM', 'platform')
        .filter(f => !BUILD_OR_TARGET.has(f.value ?? ''))
        .map(f => `${where} ${show('platform', f.value)}: only $BUILDPLATFORM or $TARGETPLATFORM is allowed`)
};
const BUILD_OR_TARGET = new Set([
    '$BUILDPLATFORM',
    '${BUILDPLATFORM}',
    '$TARGETPLATFORM',
    '${TARGETPLATFORM}'
]);
/**
 * Why a `--mount` value is or may be a bind mount, as BuildKit reads it under one of the escape
 * characters; a value it cannot read under any of them is refused too (the build would fail on it).
 */
function bindReason(value, escapes) {
    const read = escapes.map(e => parseMount(value, e));
    for (const r of read) {
        if ('error' in r)
            continue;
        if (r.mount.type.includes('$'))
            return 'the mount type comes from a variable and may be bind; bind mounts are not allowed';
        if (r.mount.type === 'bind')
            return r.typed
                ? 'bind mounts are not allowed'
                : 'a mount without type= is a bind mount; bind mounts are not allowed';
    }
    const [first] = read;
    if (read.every(r => 'error' in r) && 'error' in first)
        return `BuildKit cannot read this mount (${first.error}); not allowed`;
    return undefined;
}
/** ADD's sources as BuildKit takes them: every argument but the destination and the heredocs (exec form
 * or split at blanks), then quotes and escapes removed as at build time; a source it cannot read stays. */
function addSources(args, escape) {
    const list = (0,heredoc/* isJsonArray */.Md)(args) ? JSON.parse(args) : args.split(/[\t\v\f\r ]+/).filter(Boolean);
    return (list.length > 1 ? list.slice(0, -1) : list).flatMap(src => {
        if (isHeredoc(src))
            return [];
        try {
            return [(0,shell_lexer/* processWord */.o6)(src, { escape })];
        }
        catch {
            return [src];
        }
    });
}
function isHeredoc(word) {
    try {
        return (0,heredoc/* heredocWord */.hd)(word) !== undefined;
    }
    catch {
        return false;
    }
}
/** The rules' findings in one Dockerfile (parsed whole here), each message led by its rule. */
function policyFindings(text, file, rules) {
    return checkPolicy((0,dockerfile/* parseDockerfile */.A)(text), rules, file).map(v => ({
        file: v.file,
        line: v.line,
        message: `${v.rule}: ${v.message}`
    }));
}


/***/ }),

/***/ 45631:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pk: () => (/* binding */ processWords),
/* harmony export */   o6: () => (/* binding */ processWord)
/* harmony export */ });
/* unused harmony exports ShellLexError, isDigit, isNameChar */
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(98111);
// BuildKit's shell lexer (frontend/dockerfile/shell, Lex.ProcessWord and ProcessWords), ported for the
// two places the policy needs what BuildKit makes of a word: finding heredocs on an instruction line, and
// a RUN --mount value after the quote and escape processing it gets at build time. No variable is set
// here, and unset variables are kept as written (the lexer's SkipUnsetEnv), so `$X` stays visible.
// Its quirks are kept on purpose, e.g. a `${…}` inside a word resets the word being collected.

/** Input the lexer refuses (an unterminated quote, a bad `${…}`). */
class ShellLexError extends Error {
}
const EOF = '';
// Go's unicode.IsDigit and IsLetter, as the variable names of BuildKit's lexer take them; ASCII first
// (the Unicode classes cost a Dockerfile's preflight a fraction of a millisecond at their first use).
const isDigit = (ch) => /^[0-9]$/.test(ch) || (ch > '\x7f' && /^\p{Nd}$/u.test(ch));
const isNameChar = (ch) => /^[A-Za-z0-9_]$/.test(ch) || (ch > '\x7f' && /^[\p{L}\p{Nd}_]$/u.test(ch));
class Lexer {
    chars;
    pos = 0;
    rawEscapes;
    rawQuotes;
    escape;
    // One buffer for the word being collected, shared by nested calls (as BuildKit's shellWord.wordsBuffer).
    buf = { s: '' };
    constructor(word, o) {
        // text/scanner drops a byte-order mark at the start.
        this.chars = Array.from(word.replace(/^\uFEFF/, ''));
        this.escape = o.escape;
        this.rawQuotes = o.rawQuotes ?? false;
        this.rawEscapes = o.rawEscapes ?? false;
    }
    peek = () => this.chars[this.pos] ?? EOF;
    next = () => this.chars[this.pos++] ?? EOF;
    processStopOn(stop, rawEscapes, keepPatternEscapes) {
        let result = '';
        this.buf.s = '';
        const words = new Words(this.buf);
        const saved = this.rawEscapes;
        this.rawEscapes = rawEscapes;
        try {
            while (this.peek() !== EOF) {
                let ch = this.peek();
                if (stop !== EOF && ch === stop) {
                    this.next();
                    return [result, words.get()];
                }
                const special = this.special(ch, keepPatternEscapes);
                if (special) {
                    const tmp = special();
                    result += tmp;
                    if (ch === '$')
                        words.addString(tmp);
                    else
                        words.addRaw(tmp);
                    continue;
                }
                ch = this.next();
                if (ch === this.escape) {
                    if (this.rawEscapes) {
                        words.addRaw(ch);
                        result += ch;
                    }
                    ch = this.next();
                    if (ch === EOF)
                        break;
                    words.addRaw(ch);
                }
                else {
                    words.addChar(ch);
                }
                result += ch;
            }
        }
        finally {
            // BuildKit restores the flag as !rawEscapes when it changed it: the same value as before.
            this.rawEscapes = saved;
        }
        if (stop !== EOF)
            throw new ShellLexError(`unexpected end of statement while looking for matching ${stop}`);
        return [result, words.get()];
    }
    special(ch, keepPatternEscapes) {
        if (ch === '$')
            return () => this.dollar();
        if (ch === '<')
            return () => this.possibleHeredoc();
        if (ch === "'")
            return () => this.singleQuote(keepPatternEscapes);
        if (ch === '"')
            return () => this.doubleQuote(keepPatternEscapes);
        return undefined;
    }
    singleQuote(keepPatternEscapes) {
        const q = this.next();
        let result = this.rawQuotes ? q : '';
        for (;;) {
            const ch = this.next();
            if (ch === EOF)
                throw new ShellLexError('unexpected end of statement while looking for matching single-quote');
            if (ch === "'")
                return this.rawQuotes ? result + ch : result;
            if (keepPatternEscapes && ch === this.escape)
                result += ch;
            result += ch;
        }
    }
    doubleQuote(keepPatternEscapes) {
        const q = this.next();
        let result = this.rawQuotes ? q : '';
        for (;;) {
            const p = this.peek();
            if (p === EOF)
                throw new ShellLexError('unexpected end of statement while looking for matching double-quote');
            if (p === '"') {
                this.next();
                return this.rawQuotes ? result + p : result;
            }
            if (p === '$') {
                result += this.dollar();
                continue;
            }
            let ch = this.next();
            if (ch === this.escape) {
                const after = this.peek();
                if (after === EOF)
                    continue;
                if (after === '"' || after === '$' || after === this.escape) {
                    if (this.rawEscapes)
                        result += ch;
                    ch = this.next();
                }
                else if (this.rawEscapes && (!this.rawQuotes || keepPatternEscapes)) {
                    result += ch;
                }
            }
            result += ch;
        }
    }
    // Every variable is unset: the expansion is kept as written (its inner words still processed).
    dollar() {
        this.next();
        if (this.peek() !== '{') {
            const name = this.name();
            return name === '' ? '$' : `$${name}`;
        }
        this.next();
        const first = this.peek();
        if (first === EOF)
            throw new ShellLexError("syntax error: missing '}'");
        if ('{}:'.includes(first))
            throw new ShellLexError('syntax error: bad substitution');
        const name = this.name();
        let ch = this.next();
        let chs = ch === EOF ? '\uFFFD' : ch;
        let nullIsUnset = false;
        if (ch === '}')
            return `\${${name}}`;
        if (ch === ':') {
            nullIsUnset = true;
            ch = this.next();
            chs += ch === EOF ? '\uFFFD' : ch;
        }
        if (nullIsUnset || (ch !== EOF && '+-?#%'.includes(ch))) {
            const raw = ch === '#' || ch === '%';
            if (nullIsUnset && raw)
                throw new ShellLexError(`unsupported modifier (${chs}) in substitution`);
            const [word] = this.stopOn('}', raw, raw, "syntax error: missing '}'");
            return `\${${name}${chs}${word}}`;
        }
        if (ch === '/') {
            if (this.peek() === '/')
                this.next();
            const [pattern] = this.stopOn('/', true, true, "syntax error: missing '/' in ${}");
            const [replacement] = this.stopOn('}', true, false, "syntax error: missing '}'");
            return `\${${name}/${pattern}/${replacement}}`;
        }
        throw new ShellLexError(`unsupported modifier (${chs}) in substitution`);
    }
    stopOn(stop, raw, keep, atEnd) {
        try {
            return this.processStopOn(stop, raw, keep);
        }
        catch (e) {
            if (this.peek() === EOF)
                throw new ShellLexError(atEnd);
            throw e;
        }
    }
    name() {
        let name = '';
        while (this.peek() !== EOF) {
            const ch = this.peek();
            if (name === '' && isDigit(ch)) {
                while (isDigit(this.peek()))
                    name += this.next();
                return name;
            }
            if (name === '' && '@*#?-$!0'.includes(ch))
                return this.next();
            if (!isNameChar(ch))
                break;
            name += this.next();
        }
        return name;
    }
    // `<<` and the blanks after it stay in one word (so `cat << EOF` has the word `<< EOF`).
    possibleHeredoc() {
        this.next();
        if (this.peek() !== '<')
            return '<';
        this.next();
        let space = '';
        while ('\t\r '.includes(this.peek()) && this.peek() !== EOF)
            space += this.next();
        return `<<${space}`;
    }
}
class Words {
    buf;
    words = [];
    inWord = false;
    constructor(buf) {
        this.buf = buf;
    }
    addChar(ch) {
        if ((0,_text_js__WEBPACK_IMPORTED_MODULE_0__/* .isGoSpace */ .F5)(ch)) {
            if (this.inWord && this.buf.s !== '') {
                this.words.push(this.buf.s);
                this.buf.s = '';
                this.inWord = false;
            }
        }
        else
            this.addRaw(ch);
    }
    addString(s) {
        for (const ch of s)
            this.addChar(ch);
    }
    addRaw(s) {
        this.buf.s += s;
        this.inWord = true;
    }
    get() {
        if (this.buf.s !== '') {
            this.words.push(this.buf.s);
            this.buf.s = '';
            this.inWord = false;
        }
        return this.words;
    }
}
/** One word after quote removal and escapes (Lex.ProcessWord); variables kept as written. */
function processWord(word, o) {
    return new Lexer(word, o).processStopOn(EOF, o.rawEscapes ?? false, false)[0];
}
/** The words of a line, split at unquoted blanks (Lex.ProcessWords). */
function processWords(line, o) {
    return new Lexer(line, o).processStopOn(EOF, o.rawEscapes ?? false, false)[1];
}


/***/ })

};
;