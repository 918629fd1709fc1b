"use strict";
exports.id = 461;
exports.ids = [461];
exports.modules = {

/***/ 66539:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Pj: () => (/* binding */ mountsSummary),
/* harmony export */   Sb: () => (/* binding */ phaseTimes)
/* harmony export */ });
/* unused harmony export PHASES */
/* harmony import */ var _lib_inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90453);
/* harmony import */ var _lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(42385);
// What `cache-mounts` did and what it cost, pure: one line per phase for the log, and the job summary's
// table of the mounts (restored from, saved as, sizes) with the time of each phase.


const PHASES = ['restore', 'inject', 'extract', 'save'];
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;
const sized = (a) => `${(0,_lib_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .formatSize */ .Xq)(a.bytes)}, ${a.entries} entries`;
/** `restore 1.2s · inject 0.8s · extract 0.9s · save 2.0s`, the phases that ran. */
function phaseTimes(r) {
    return PHASES.filter(p => r.ms[p] !== undefined)
        .map(p => `${p} ${seconds(r.ms[p])}`)
        .join(' · ');
}
/** The job summary's part: a table of the mounts and the time of each phase (through the summary door). */
function mountsSummary(r) {
    const rows = r.mounts.map(m => [
        (0,_lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(m.name),
        m.restored
            ? (0,_lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__/* .gfm */ .Te) `${(0,_lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(m.restored.key)} (${sized(m.restored)})${m.injected ? (0,_lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__/* .gfm */ .Te) `, ${m.injected}` : ''}`
            : '–',
        m.saved ? (0,_lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__/* .gfm */ .Te) `${(0,_lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__/* .code */ .aY)(m.saved.key)} (${sized(m.saved)})` : '–',
        m.notes.join('; ') || '–'
    ]);
    const times = phaseTimes(r);
    const head = (0,_lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__/* .gfm */ .Te) `**Cache mounts**${times ? (0,_lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__/* .gfm */ .Te) ` (${times})` : ''}.${r.readOnly ? (0,_lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__/* .gfm */ .Te) ` Not saved: ${r.readOnly}.` : ''}`;
    return (0,_lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__/* .doc */ .H9)(head, (0,_lib_summary_doc_js__WEBPACK_IMPORTED_MODULE_1__/* .htmlTable */ .I$)(['cache mount', 'restored', 'saved', 'notes'], rows));
}


/***/ }),

/***/ 48461:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  postStep: () => (/* binding */ postStep),
  prepareReport: () => (/* reexport */ prepareReport),
  reportMerge: () => (/* binding */ reportMerge)
});

// EXTERNAL MODULE: ./lib/runtime.ts
var runtime = __webpack_require__(19702);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/buildx.ts
var lib_buildx = __webpack_require__(78628);
;// CONCATENATED MODULE: ./build/summary/switches.ts
// The four switches build-push-action users set in the job's env, read as the peer documents them:
//   DOCKER_BUILD_SUMMARY              bool, default true: the job summary (and with it the build record)
//   DOCKER_BUILD_RECORD_UPLOAD        bool, default true: the build record uploaded as an artifact
//   DOCKER_BUILD_RECORD_RETENTION_DAYS  number: the artifact's retention; unset or 0: the repository's
//   DOCKER_BUILD_CHECKS_ANNOTATIONS   bool, default true: build-check warnings as annotations
// Booleans take Go's strconv.ParseBool spellings (1 t T true TRUE True / 0 f F false FALSE False), as
// the peer's Util.parseBool; an empty value is unset. Where the peer fails the step on a value it cannot
// read (after the build), this warns, naming the variable, and keeps the default.
const TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True'];
/** Whether `v` is one of Go's true spellings (a switch set to true, not merely unset). */
const isTrue = (v) => TRUE.includes(v ?? '');
const FALSE = ['0', 'f', 'F', 'false', 'FALSE', 'False'];
function readSwitches(env) {
    const problems = [];
    const bool = (name) => {
        const v = env[name];
        if (!v)
            return true;
        if (TRUE.includes(v))
            return true;
        if (FALSE.includes(v))
            return false;
        problems.push(`${name}=${v} is not a boolean (true or false); using true`);
        return true;
    };
    let retentionDays;
    const days = env.DOCKER_BUILD_RECORD_RETENTION_DAYS;
    if (days) {
        // parseInt as the peer: "7d" is 7.
        const n = parseInt(days, 10);
        if (Number.isNaN(n) || n < 0)
            problems.push(`DOCKER_BUILD_RECORD_RETENTION_DAYS=${days} is not a number of days; using the repository's retention`);
        else if (n > 0)
            retentionDays = n;
    }
    return {
        summary: bool('DOCKER_BUILD_SUMMARY'),
        recordUpload: bool('DOCKER_BUILD_RECORD_UPLOAD'),
        retentionDays,
        checksAnnotations: bool('DOCKER_BUILD_CHECKS_ANNOTATIONS'),
        problems
    };
}

;// CONCATENATED MODULE: ./build/summary/record-plan.ts
// The build record, planned: which build (buildx's ref), what buildx can export it, the file's name, the
// `buildx history export` argv, and what the main step hands to the post step. Pure.
//
// As build-push-action does it: the ref is `buildx.build.ref` in the metadata file (`<builder>/<node>/<ref>`)
// or, when a failed build wrote no metadata, the newest of buildx's local refs since the build started
// (record.ts); `buildx history export` (buildx >= 0.23; --finalize from 0.24, before that the peer waits
// 3 s for BuildKit to finalize the record) writes `<owner>~<repo>~<REF6>.dockerbuild`, uploaded as an
// artifact of that name (not zipped) in the post step, after the job's other steps.

function parseBuildRef(s) {
    const parts = s.split('/');
    return parts.length === 3 && parts.every(Boolean)
        ? { builder: parts[0], node: parts[1], ref: parts[2] }
        : undefined;
}
function metadataRef(metadata) {
    const ref = metadata['buildx.build.ref'];
    return typeof ref === 'string' ? parseBuildRef(ref) : undefined;
}
const version = (v) => v.split('.').map(n => parseInt(n, 10) || 0);
const atLeast = (v, min) => {
    const [a, b] = [version(v), version(min)];
    for (let i = 0; i < 3; i++)
        if ((a[i] ?? 0) !== (b[i] ?? 0))
            return (a[i] ?? 0) > (b[i] ?? 0);
    return true;
};
/** `history export` came with buildx 0.23; `--finalize` with 0.24 (0.23 waits for the record instead). */
function exportSupport(buildx) {
    if (!atLeast(buildx, '0.23.0'))
        return { export: false };
    return atLeast(buildx, '0.24.0')
        ? { export: true, finalize: true, waitMs: 0 }
        : { export: true, finalize: false, waitMs: 3000 };
}
/** `<owner>~<repo>~<first 6 of the ref, upper case>.dockerbuild`, as the peer names it. */
function recordFileName(repository, ref) {
    const [owner, repo] = (repository || 'local/build').split('/');
    return `${owner}~${repo}~${ref.slice(0, 6).toUpperCase()}.dockerbuild`;
}
function exportArgs(r, output, finalize) {
    return [
        'buildx',
        'history',
        'export',
        '--builder',
        r.builder,
        '--output',
        output,
        ...(finalize ? ['--finalize'] : []),
        r.ref
    ];
}
const RECORD_STATE = 'record';
function parseRecordState(s) {
    try {
        const v = JSON.parse(s);
        return typeof v?.ref === 'string' && parseBuildRef(v.ref) ? v : undefined;
    }
    catch {
        return undefined;
    }
}
/** Why the artifact cannot be uploaded from here, or undefined when it can (@actions/artifact's needs). */
function uploadBlocker(env) {
    if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL)
        return 'no artifact service for this step (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are set only in a workflow run)';
    const host = /^https?:\/\/([^/:]+)/.exec(env.GITHUB_SERVER_URL || 'https://github.com')?.[1] ?? '';
    if (!(host === 'github.com' || host.endsWith('.ghe.com') || host.endsWith('.localhost')))
        return `GitHub Enterprise Server (${host}) has no artifact service that @actions/artifact 2 and later can use`;
    return undefined;
}
/** The inputs that hand the build a secret (the post step gets the main step's inputs). */
const SECRET_INPUTS = ['secrets', 'secret-envs', 'secret-files'];
/**
 * Why the record is not uploaded although it could be: the build was given secrets. A RUN step that
 * prints one leaves it in clear text in the record's logs; the runner masks the log it shows, not an
 * artifact. build-push-action uploads the record anyway; here an explicit DOCKER_BUILD_RECORD_UPLOAD=true
 * opts in. Undefined when nothing holds it back.
 */
function secretsHoldUpload(env) {
    const given = SECRET_INPUTS.filter(n => (env[`INPUT_${n.toUpperCase()}`] ?? '').trim() !== '');
    if (given.length === 0 || isTrue(env.DOCKER_BUILD_RECORD_UPLOAD))
        return undefined;
    return `the build was given ${given.join(', ')}, and a secret a RUN step prints is masked in the log but not in the record; set DOCKER_BUILD_RECORD_UPLOAD=true to upload it anyway`;
}
/**
 * How long the post step waits for the record's upload: 5 s for the service's calls (a healthy one
 * answers each in well under a second; @actions/artifact retries a failing one five times over about
 * 25 s, which no record is worth) plus the bytes at 1 MB/s.
 */
const uploadDeadlineMs = (size) => 5000 + Math.ceil(size / 1000);

// EXTERNAL MODULE: ./build/report.ts
var build_report = __webpack_require__(95439);
// EXTERNAL MODULE: ./lib/summary-doc.ts
var summary_doc = __webpack_require__(42385);
;// CONCATENATED MODULE: ./build/summary/gantt.ts

/** The Mermaid tags of each state (the rendered bar's class: task0, done0, crit0, active0). */
const TAGS = {
    ran: '',
    cached: 'done',
    failed: 'crit',
    canceled: 'active',
    nocache: ''
};
/** More bars than this and the chart keeps the longest, in log order (a note says how many are left out). */
const MAX_BARS = 80;
const ended = (s) => s.cached || s.canceled || s.error !== undefined || s.noCache !== undefined || s.durationMs !== undefined;
/** The section (the stage, with the platform of a multi-platform build) and the label without it. */
function sectionOf(name) {
    const m = /^\[([^\]]*)\]\s*(.*)$/.exec(name);
    if (!m)
        return { section: 'BuildKit', label: name };
    const inside = m[1].trim();
    if (/(^|\s)internal$/.test(inside))
        return { section: 'BuildKit', label: name };
    const counter = /(?:^|\s)(\d+\/\d+)$/.exec(inside);
    const stage = counter ? inside.slice(0, counter.index).trim() : inside;
    return { section: stage || 'Dockerfile', label: counter ? `[${counter[1]}] ${m[2]}` : m[2] };
}
function ganttBars(steps) {
    const done = steps.filter(ended);
    const timed = done.length > 0 && done.every(s => s.endMs !== undefined);
    let cursor = 0;
    const bars = done.map(s => {
        let startMs;
        let endMs;
        if (timed) {
            endMs = s.endMs;
            startMs =
                s.exact && s.startMs !== undefined
                    ? s.startMs
                    : s.durationMs !== undefined
                        ? endMs - s.durationMs
                        : (s.startMs ?? endMs);
        }
        else {
            startMs = cursor;
            endMs = cursor + (s.cached ? 0 : (s.durationMs ?? 0));
            cursor = endMs;
        }
        const state = s.error !== undefined
            ? 'failed'
            : s.noCache !== undefined
                ? 'nocache'
                : s.cached
                    ? 'cached'
                    : s.canceled
                        ? 'canceled'
                        : 'ran';
        const named = s.noCache !== undefined
            ? { section: 'BuildKit', label: `no cache yet: ${s.noCache}` }
            : sectionOf(s.name);
        return { ...named, state, startMs: Math.max(0, startMs), endMs: Math.max(0, endMs) };
    });
    // Every bar at least 1% of the chart wide, so a cache hit shows as a bar too.
    const total = Math.max(1, ...bars.map(b => b.endMs));
    const min = Math.max(1, Math.round(total / 100));
    for (const b of bars)
        if (b.endMs - b.startMs < min)
            b.endMs = b.startMs + min;
    return bars;
}
// A task line is `label :tags, id, start, end`: its label (and a section's name) goes through the summary
// door's Mermaid escaper. A base image's digest is left out of the label, which it would only fill.
const chartLabel = (text, max) => (0,summary_doc/* mermaidLabel */._b)(text.replace(/@sha256:[0-9a-f]{64}/g, ''), max);
/** `HH:mm:ss.SSS` of a time since the build started. */
function clock(ms) {
    const t = Math.max(0, Math.round(ms));
    const pad = (n, w = 2) => String(n).padStart(w, '0');
    return `${pad(Math.floor(t / 3_600_000) % 24)}:${pad(Math.floor(t / 60_000) % 60)}:${pad(Math.floor(t / 1000) % 60)}.${pad(t % 1000, 3)}`;
}
const TICKS = [
    [100, '100millisecond'],
    [200, '200millisecond'],
    [500, '500millisecond'],
    [1000, '1second'],
    [2000, '2second'],
    [5000, '5second'],
    [10_000, '10second'],
    [15_000, '15second'],
    [30_000, '30second'],
    [60_000, '1minute'],
    [120_000, '2minute'],
    [300_000, '5minute'],
    [600_000, '10minute'],
    [900_000, '15minute'],
    [1_800_000, '30minute'],
    [3_600_000, '1hour']
];
/** A tick every so often that gives at most ten ticks, and the axis labels that suit it. */
function axis(totalMs) {
    const [ms, tickInterval] = TICKS.find(([t]) => totalMs / t <= 10) ?? TICKS[TICKS.length - 1];
    const axisFormat = totalMs >= 3_600_000 ? '%H:%M' : ms < 1000 ? '%M:%S.%L' : '%M:%S';
    return { tickInterval, axisFormat };
}
/** The chart of a build's steps; undefined when no step ended (nothing to draw). */
function gantt(steps) {
    let bars = ganttBars(steps);
    if (bars.length === 0)
        return undefined;
    let omitted = 0;
    if (bars.length > MAX_BARS) {
        const keep = new Set([...bars].sort((a, b) => b.endMs - b.startMs - (a.endMs - a.startMs)).slice(0, MAX_BARS));
        omitted = bars.length - MAX_BARS;
        bars = bars.filter(b => keep.has(b));
    }
    const { tickInterval, axisFormat } = axis(Math.max(...bars.map(b => b.endMs)));
    const out = [
        'gantt',
        '  dateFormat HH:mm:ss.SSS',
        `  axisFormat ${axisFormat}`,
        `  tickInterval ${tickInterval}`
    ];
    out.push('  todayMarker off');
    const sections = [...new Set(bars.map(b => b.section))];
    const listed = [];
    for (const section of sections) {
        out.push(`  section ${chartLabel(section, 40)}`);
        for (const b of bars.filter(x => x.section === section)) {
            const id = `s${listed.length + 1}`;
            listed.push({ ...b, id });
            const tags = [TAGS[b.state], id].filter(Boolean).join(', ');
            out.push(`  ${chartLabel(b.label)} :${tags}, ${clock(b.startMs)}, ${clock(b.endMs)}`);
        }
    }
    return { mermaid: out.join('\n'), bars: listed, omitted };
}
/** Counts per state, for the line under the chart. */
function barCounts(bars) {
    const c = { ran: 0, cached: 0, failed: 0, canceled: 0, nocache: 0 };
    for (const b of bars)
        c[b.state]++;
    return c;
}

// EXTERNAL MODULE: ./build/cache-mounts/report.ts
var report = __webpack_require__(66539);
;// CONCATENATED MODULE: ./build/summary/summary-plan.ts




/** Log lines of the failed step shown in the summary. */
const LAST_LINES = 20;
/** The step that failed and its last lines (BuildKit's own error line last). */
function failedStep(steps) {
    const s = steps.find(x => x.error !== undefined);
    if (!s)
        return undefined;
    const lines = [...s.lines.slice(-LAST_LINES), ...`ERROR: ${s.error}`.split('\n')];
    return { name: s.name, lines };
}
const what = (image) => (0,summary_doc/* code */.aY)(image || '(untagged)');
function buildSummaryMarkdown(s) {
    const r = s.report;
    const leg = s.leg ? (0,summary_doc/* gfm */.Te) ` — matrix leg ${(0,summary_doc/* code */.aY)(s.leg.arch)} (${s.leg.platform})` : '';
    const out = [
        s.error === undefined
            ? (0,summary_doc/* gfm */.Te) `### ✅ ${what(r.image)} built${leg}`
            : (0,summary_doc/* gfm */.Te) `### ❌ ${what(r.image)} failed${leg}`,
        summaryTable(r)
    ];
    if (s.tags.length > 1)
        out.push((0,summary_doc/* gfm */.Te) `Tags: ${(0,summary_doc/* join */.fj)(s.tags.map(summary_doc/* code */.aY), ', ')}`);
    if (s.mounts)
        out.push((0,report/* mountsSummary */.Pj)(s.mounts));
    if (s.error !== undefined) {
        const failed = failedStep(s.steps);
        if (failed) {
            out.push((0,summary_doc/* gfm */.Te) `**Failed step** ${(0,summary_doc/* code */.aY)(failed.name)}, its last log lines:`, (0,summary_doc/* fenced */.OF)('text', failed.lines.join('\n')));
            if (!failed.lines.some(l => s.error.includes(l.replace(/^ERROR: /, ''))))
                out.push((0,summary_doc/* fenced */.OF)('text', s.error));
        }
        else
            out.push((0,summary_doc/* gfm */.Te) `**Error**`, (0,summary_doc/* fenced */.OF)('text', s.error));
    }
    const chart = gantt(s.steps);
    if (chart)
        out.push((0,summary_doc/* gfm */.Te) `<details open><summary><strong>Build steps on a time axis</strong> (min:s)</summary>`, (0,summary_doc/* fenced */.OF)('mermaid', chart.mermaid), (0,summary_doc/* gfm */.Te) `<sub>${chartNote(chart)}</sub>`, (0,summary_doc/* gfm */.Te) `</details>`);
    if (s.inputs.length)
        out.push((0,summary_doc/* gfm */.Te) `<details><summary><strong>Build inputs</strong></summary>`, (0,summary_doc/* fenced */.OF)('yaml', yamlLines(s.inputs)), (0,summary_doc/* gfm */.Te) `</details>`);
    return (0,summary_doc/* gfm */.Te) `${(0,summary_doc/* doc */.H9)(...out)}\n`;
}
/** The line under the chart: what its bars are. */
function chartNote(chart) {
    const c = barCounts(chart.bars);
    return [
        `${c.ran} ran`,
        `${c.cached} from the cache (grey)`,
        c.failed ? `${c.failed} failed (red)` : '',
        c.canceled ? `${c.canceled} canceled` : '',
        c.nocache ? `${c.nocache} cache import: no cache yet (a first build)` : '',
        chart.omitted ? `${chart.omitted} short steps left out` : ''
    ]
        .filter(Boolean)
        .join(' · ');
}
/**
 * The inputs the step was given (INPUT_*), as the peer lists them: empty and false ones left out,
 * github-token never, and every secret-bearing input as the summary door shows it (ids only).
 */
function summaryInputs(env) {
    const out = [];
    for (const [key, value] of Object.entries(env)) {
        if (!key.startsWith('INPUT_') || value === undefined)
            continue;
        const name = key.slice(6).toLowerCase();
        const v = value.trim();
        if (!v || v === 'false' || name === 'github-token')
            continue;
        out.push([name, (0,summary_doc/* shownInput */.IY)(name, v)]);
    }
    // By code unit: localeCompare would load ICU's collator (about 5 ms) for names that are ASCII.
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
/** `name: value` lines (a block scalar for several lines, JSON quoting where YAML would misread). */
function yamlLines(entries) {
    return entries
        .map(([k, v]) => {
        if (v.includes('\n'))
            return `${k}: |\n${v
                .split('\n')
                .map(l => `  ${l}`)
                .join('\n')}`;
        const plain = /^[A-Za-z0-9_./@=+~$][^\n]*$/.test(v) && !/: | #|\s$/.test(v);
        return `${k}: ${plain ? v : JSON.stringify(v)}`;
    })
        .join('\n');
}
/** The merge job: the index under its tags, and the legs it joined. */
function mergeSummaryMarkdown(m) {
    const legs = m.legs.map(l => [l.arch, l.platform, (0,summary_doc/* code */.aY)(l.digest), l.attempt]);
    return (0,summary_doc/* gfm */.Te) `${(0,summary_doc/* doc */.H9)((0,summary_doc/* gfm */.Te) `### ✅ ${(0,summary_doc/* code */.aY)(m.image)}: one multi-arch index of ${m.legs.length} legs`, (0,summary_doc/* htmlTable */.I$)(['Image', 'Index digest'], [[(0,summary_doc/* join */.fj)(m.tags, '<br>'), (0,summary_doc/* code */.aY)(m.digest)]]), (0,summary_doc/* gfm */.Te) `Legs joined:`, (0,summary_doc/* htmlTable */.I$)(['arch', 'platform', 'digest', 'run attempt'], legs))}\n`;
}
/** Bytes as the peer shows them (1024-based, two decimals). */
function formatSize(bytes) {
    if (bytes === 0)
        return '0 Bytes';
    const units = ['Bytes', 'KB', 'MB', 'GB', 'TB'];
    const i = Math.min(units.length - 1, Math.floor(Math.log(bytes) / Math.log(1024)));
    return `${parseFloat((bytes / 1024 ** i).toFixed(2))} ${units[i]}`;
}
/** Why buildx 0.13 gives no record, in one line. */
const NO_HISTORY_EXPORT = (0,summary_doc/* gfm */.Te) `${(0,summary_doc/* code */.aY)('buildx history export')} came with buildx 0.23 (build-push-action falls back to pulling the docker.io/dockereng/export-build image, which this action does not do)`;
/**
 * The record's lines under the build's summary. The artifact link is relative to the run's page, as
 * the peer writes it (./<run id>/artifacts/<id>): an absolute URL would be masked when the repository's
 * name is part of a secret.
 */
function recordMarkdown(image, o, runId) {
    const line = (m) => (0,summary_doc/* gfm */.Te) `**Build record** of ${what(image)}: ${m}\n`;
    if (o.kind === 'unsupported')
        return line((0,summary_doc/* gfm */.Te) `none, buildx ${o.buildx} has no history export: ${NO_HISTORY_EXPORT}.`);
    if (o.kind === 'failed')
        return line((0,summary_doc/* gfm */.Te) `not exported (${o.message}).`);
    const size = formatSize(o.size);
    if (!o.artifact)
        return line((0,summary_doc/* gfm */.Te) `${(0,summary_doc/* code */.aY)(o.file)} (${size}), not uploaded: ${o.notUploaded ?? ''}.`);
    const kept = o.artifact.retentionDays ? `, kept ${o.artifact.retentionDays} days` : '';
    const link = (0,summary_doc/* gfm */.Te) `<a href="./${runId}/artifacts/${o.artifact.id}"><strong>${o.file}</strong></a>`;
    const how = (0,summary_doc/* code */.aY)(`docker buildx history import --file ${o.file}`);
    return line((0,summary_doc/* gfm */.Te) `${link} (${size}${kept}). Import it into Docker Desktop's Builds view (${how}) for the build's timing, dependencies, logs and traces.`);
}
// The cache report's table of one build.
/** Where an entry reads or writes, without credentials: a registry ref, `gha:<scope>`, `local:<dir>`. */
function cacheLabel(e) {
    const a = e.attrs;
    switch (e.type) {
        case 'registry':
            return a.ref ?? 'registry';
        case 'gha':
            return `gha:${a.scope ?? 'buildkit'}`;
        case 'local':
            return `local:${a.src ?? a.dest ?? ''}`;
        case 'inline':
            return 'inline';
        case 's3':
            return `s3:${[a.bucket, a.name ?? a.prefix].filter(Boolean).join('/')}`;
        case 'azblob':
            return `azblob:${a.name ?? a.account_url ?? ''}`;
    }
}
const SUMMARY_HEADER = [
    'image',
    'platform',
    'digest',
    'duration',
    'steps cached',
    'cache read',
    'cache written'
];
const list = (entries, noCache = []) => entries.length
    ? (0,summary_doc/* join */.fj)(entries.map(cacheLabel).map(l => (noCache.includes(l) ? `${l} (no cache yet)` : l)), '<br>')
    : '–';
/** The summary row: each cell text (escaped by the table) or markup. */
function summaryRow(r) {
    const c = r.cache;
    const cached = c.total === 0
        ? '0/0'
        : `${c.hits}/${c.total} (${Math.round(c.ratio * 100)}%)` +
            (c.misses ? `, ${(0,build_report/* seconds */.YA)(c.executedMs)} run` : '');
    return [
        r.image || '(untagged)',
        r.platforms.join(', ') || 'default',
        r.digest ? (0,summary_doc/* code */.aY)(r.digest) : '–',
        (0,build_report/* seconds */.YA)(r.durationMs),
        cached,
        list(r.read, r.noCache),
        list(r.written)
    ];
}
/** The job summary table of this build: the header and its row, as @actions/core's summary writes tables. */
const summaryTable = (r) => (0,summary_doc/* htmlTable */.I$)(SUMMARY_HEADER, [summaryRow(r)]);

;// CONCATENATED MODULE: ./build/summary/record.ts
// The build record: the ref of the build just run (the metadata's, else buildx's local refs), and in the
// post step `buildx history export` and the upload with @actions/artifact, then its line in the summary.
// The post step runs after the job's other steps, so neither the export nor the upload is part of the
// build step's time (as in build-push-action, which exports in its post step too).






/**
 * A failed build writes no metadata file: its ref is the newest of buildx's local refs
 * (`<config>/buildx/refs/<builder>/<node>/<ref>`) written since the build started, of the builder when
 * known. Builds of a job run one after the other, so the newest is this one.
 */
function findLocalRef(builder, sinceMs, env = process.env) {
    const root = (0,external_node_path_.join)(env.DOCKER_CONFIG || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker'), 'buildx', 'refs');
    const list = (dir) => {
        try {
            return (0,external_node_fs_.readdirSync)(dir);
        }
        catch {
            return [];
        }
    };
    let best;
    for (const b of builder ? [builder] : list(root).filter(n => n !== '__group__'))
        for (const node of list((0,external_node_path_.join)(root, b)))
            for (const ref of list((0,external_node_path_.join)(root, b, node))) {
                const mtime = (0,external_node_fs_.statSync)((0,external_node_path_.join)(root, b, node, ref), { throwIfNoEntry: false })?.mtimeMs ?? 0;
                if (mtime >= sinceMs && (!best || mtime > best.mtime))
                    best = { ref: { builder: b, node, ref }, mtime };
            }
    return best?.ref;
}
async function postRecord(log, state, artifact, env = process.env) {
    const s = parseRecordState(state);
    if (!s)
        return;
    const outcome = await exportAndUpload(log, s.ref, s.upload, s.retentionDays, artifact, env).catch((e) => ({ kind: 'failed', message: e.message.split('\n')[0] }));
    if (outcome.kind === 'failed')
        log.warning(`build record: ${outcome.message}`);
    log.appendSummary(recordMarkdown(s.image, outcome, env.GITHUB_RUN_ID ?? ''));
}
async function exportAndUpload(log, refText, upload, retentionDays, artifact, env) {
    const ref = parseBuildRef(refText);
    const buildx = await (0,lib_buildx/* buildxVersion */.ry)();
    const support = exportSupport(buildx);
    if (!support.export) {
        log.info(`build record: none, buildx ${buildx} has no \`history export\` (buildx >= 0.23)`);
        return { kind: 'unsupported', buildx };
    }
    if (support.waitMs)
        await new Promise(r => setTimeout(r, support.waitMs));
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'build-record-'));
    try {
        const file = recordFileName(env.GITHUB_REPOSITORY ?? '', ref.ref);
        const path = (0,external_node_path_.join)(dir, file);
        await (0,lib_buildx/* dockerBuildx */.xU)(exportArgs(ref, path, support.finalize));
        const size = (0,external_node_fs_.statSync)(path).size;
        log.info(`build record ${refText} written to ${file} (${formatSize(size)})`);
        const blocked = upload
            ? (secretsHoldUpload(env) ?? uploadBlocker(env))
            : 'DOCKER_BUILD_RECORD_UPLOAD is false';
        if (blocked) {
            log.info(`build record not uploaded: ${blocked}`);
            return { kind: 'exported', file, size, notUploaded: blocked };
        }
        const { DefaultArtifactClient } = await artifact();
        const uploading = new DefaultArtifactClient().uploadArtifact(file, [path], dir, {
            retentionDays,
            skipArchive: true
        });
        const res = await withDeadline(uploading, uploadDeadlineMs(size));
        if (!res.id)
            throw new Error('the artifact service returned no artifact id');
        const url = `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${res.id}`;
        log.info(`build record uploaded: ${url}`);
        return { kind: 'exported', file, size: res.size ?? size, artifact: { id: res.id, retentionDays } };
    }
    finally {
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}
/**
 * The upload, or a failure once `ms` have passed: the client's retries of a failing service (their
 * errors are in the log above) are not waited for. The abandoned upload's timers would keep the post
 * step's process alive until its last retry, so the step ends the process when it is done
 * (`endsProcess`).
 */
async function withDeadline(upload, ms) {
    upload.catch(() => undefined); // its failure after the deadline is no one's to handle
    let timer;
    const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => {
            abandoned = true;
            reject(new Error(`the artifact service did not take it within ${Math.round(ms / 1000)} s; not waiting for more retries`));
        }, ms);
    });
    try {
        return await Promise.race([upload, deadline]);
    }
    finally {
        clearTimeout(timer);
    }
}
let abandoned = false;
/** True once an upload was given up on: its retries still hold the event loop. */
const endsProcess = () => abandoned;

;// CONCATENATED MODULE: ./build/summary/checks.ts
// Build checks (BuildKit's Dockerfile linter) as annotations on the Dockerfile's lines, as
// build-push-action makes them: `::warning title=<detail>,file=<Dockerfile>,line=<n>::<rule: message>`.
// Pure; the Dockerfile's text comes through the caller.
//
// Where the warnings come from, first found wins:
//  - `buildx.build.warnings` in the metadata file (buildx >= 0.15 with BUILDX_METADATA_WARNINGS=true):
//    `short` and `detail` base64, `sourceInfo.data` the Dockerfile's text in base64, `range` the lines;
//  - `result.json` in the metadata of a `call: check` run: plain text, rule, detail and location;
//  - the lines buildx prints after a build (` - Rule: message (line N)` under "N warnings found"), which
//    older buildx (0.13) prints for a newer BuildKit's checks without putting them in the metadata.
const b64 = (s) => Buffer.from(s, 'base64').toString('utf8');
const record = (v) => v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
function metadataWarnings(metadata) {
    const vertex = metadata['buildx.build.warnings'];
    if (Array.isArray(vertex) && vertex.length)
        return (vertex
            // The peer skips a warning without detail or short, or without its source.
            .filter(w => w.short && w.detail && w.sourceInfo?.filename && w.sourceInfo?.data)
            .map(w => ({
            message: b64(w.short).replace(/\s\(line \d+\)$/, '') + (w.url ? `\nMore info: ${w.url}` : ''),
            title: w.detail.map(b64).join(' '),
            line: w.range?.[0]?.start?.line,
            source: { filename: w.sourceInfo.filename, data: w.sourceInfo.data }
        })));
    let result = metadata['result.json'];
    if (typeof result === 'string')
        try {
            result = JSON.parse(result);
        }
        catch {
            result = undefined;
        }
    const checks = record(result)?.warnings;
    if (!Array.isArray(checks))
        return [];
    return checks
        .filter(c => c.ruleName && c.detail)
        .map(c => ({
        message: `${c.ruleName}: ${c.detail}` + (c.url ? `\nMore info: ${c.url}` : ''),
        title: c.description,
        line: c.location?.ranges?.[0]?.start?.line
    }));
}
// buildx colours the header: `\e[33m2 warnings found (use docker --debug to expand):\n\e[0m - Rule: …`.
const ANSI = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex
const HEADER = /^\s*\d+ warnings? found\b/;
const ITEM = /^ - ([A-Za-z][\w-]*): (.*?)(?: \(line (\d+)\))?$/;
function printedWarnings(lines) {
    const out = [];
    let open = false;
    for (const raw of lines) {
        const line = raw.replace(ANSI, '');
        if (HEADER.test(line)) {
            open = true;
            continue;
        }
        const m = open ? ITEM.exec(line) : null;
        if (m)
            out.push({ message: `${m[1]}: ${m[2]}`, line: m[3] ? Number(m[3]) : undefined });
        else
            open = false;
    }
    return out;
}
/**
 * The warnings about this build's Dockerfile, as annotations, in line order (BuildKit reports them in
 * no fixed order); one without a line last. A warning that names its source must be about this file
 * (the name ends the path and the text is the same, as the peer checks): a frontend may report on files
 * of its own.
 */
function checkAnnotations(warnings, dockerfile) {
    const data = dockerfile.text === undefined ? undefined : Buffer.from(dockerfile.text).toString('base64');
    return warnings
        .filter(w => !w.source || (dockerfile.path.endsWith(w.source.filename) && w.source.data === data))
        .map(w => ({ message: w.message, title: w.title, file: dockerfile.path, line: w.line }))
        .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

;// CONCATENATED MODULE: ./build/summary/summary.ts
// After every build, passed or failed: the build-check annotations, the job summary, and the build
// record's hand-off to the post step, as the DOCKER_BUILD_* switches allow. Reporting never fails the
// step: a problem here is a warning.








/** The check annotations and the build record's state now; the summary rendered as for a build that
 * passed, and rendered again only if `write` is given a failure. */
function prepareReport(log, request, built, digest, env = process.env) {
    const quiet = (f) => {
        try {
            f();
        }
        catch (e) {
            log.warning(`build summary: ${e.message}`);
        }
    };
    let render;
    let passed;
    quiet(() => {
        const switches = readSwitches(env);
        switches.problems.forEach(p => log.warning(p));
        const { inputs } = request;
        const buildkit = inputs.engine !== 'classic';
        const metadata = built.metadata;
        if (switches.checksAnnotations && buildkit) {
            const found = metadataWarnings(metadata);
            const warnings = found.length ? found : printedWarnings(built.run.lines);
            const dockerfile = warnings.length ? dockerfileOf(request, env) : undefined;
            const annotations = dockerfile ? checkAnnotations(warnings, dockerfile) : [];
            if (annotations.length)
                log.info(`build checks: ${annotations.length} warning(s) on ${dockerfile.path}`);
            for (const a of annotations)
                log.warning(a.message, { file: a.file, line: a.line ?? 1, title: a.title });
        }
        if (!switches.summary)
            return log.info('build summary: off (DOCKER_BUILD_SUMMARY is false)');
        // As the peer: a `call: check` (or outline, targets) request builds nothing to summarize.
        if (inputs.call && inputs.call !== 'build')
            return log.info(`build summary: skipped for a call: ${inputs.call} request`);
        const report = (0,build_report/* buildReport */.FK)(inputs, built, digest);
        render = (failure) => buildSummaryMarkdown({
            report,
            tags: inputs.tags,
            leg: inputs.arch && { arch: inputs.arch.bashbrew, platform: inputs.arch.platform },
            error: failure === undefined ? undefined : failure instanceof Error ? failure.message : String(failure),
            steps: built.run.vertices,
            mounts: built.mounts,
            inputs: summaryInputs(env)
        });
        passed = render(undefined);
        if (!buildkit)
            return;
        const started = Date.now() - built.run.durationMs - 2000;
        const ref = metadataRef(metadata) ?? findLocalRef(request.builder, started, env);
        if (!ref)
            return log.info('build record: no build reference found (none in the metadata, no local ref)');
        const state = {
            ref: `${ref.builder}/${ref.node}/${ref.ref}`,
            image: report.image,
            upload: switches.recordUpload,
            retentionDays: switches.retentionDays
        };
        log.saveState(RECORD_STATE, JSON.stringify(state));
    });
    return {
        write: failure => quiet(() => {
            if (render)
                log.appendSummary(failure === undefined ? passed : render(failure));
        })
    };
}
/** The Dockerfile the build read, relative to the workspace, with its text; undefined for a remote
 * context or a file outside the workspace (annotations name files of the repository). */
function dockerfileOf(request, env) {
    const i = request.inputs;
    if (request.source) {
        const path = (0,external_node_path_.normalize)(i.file || (0,external_node_path_.join)(i.git?.subdir || '.', 'Dockerfile'));
        return { path, text: request.source.read(path) };
    }
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(i.context) || i.context === '-')
        return undefined;
    const abs = (0,external_node_path_.resolve)(i.file || (0,external_node_path_.join)(i.context, 'Dockerfile'));
    const path = (0,external_node_path_.relative)((0,external_node_path_.resolve)(env.GITHUB_WORKSPACE || process.cwd()), abs);
    if (!path || path.startsWith('..') || (0,external_node_path_.isAbsolute)(path))
        return undefined;
    return { path, text: (0,external_node_fs_.existsSync)(abs) ? (0,external_node_fs_.readFileSync)(abs, 'utf8') : undefined };
}

;// CONCATENATED MODULE: ./build/summary/index.ts
// The reporting after a build, loaded on demand as one chunk of the bundle (build/lazy.ts): the summary,
// the build-check annotations, and the build record (the post step).






/** The merge job's summary: the index and the legs it joined (unless DOCKER_BUILD_SUMMARY is off). */
function reportMerge(log, merge) {
    if (readSwitches(process.env).summary)
        log.appendSummary(mergeSummaryMarkdown(merge));
}
/** The build action's post step: the record the main step found, exported and uploaded. An upload
 * given up on leaves the artifact client's retry timers behind: the step ends here, not after them. */
async function postStep(log, artifact) {
    await postRecord(log, (0,runtime.getState)(RECORD_STATE), artifact);
    if (endsProcess())
        process.exit();
}


/***/ }),

/***/ 42385:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H9: () => (/* binding */ doc),
/* harmony export */   I$: () => (/* binding */ htmlTable),
/* harmony export */   IY: () => (/* binding */ shownInput),
/* harmony export */   OF: () => (/* binding */ fenced),
/* harmony export */   Te: () => (/* binding */ gfm),
/* harmony export */   _b: () => (/* binding */ mermaidLabel),
/* harmony export */   aY: () => (/* binding */ code),
/* harmony export */   fj: () => (/* binding */ join)
/* harmony export */ });
/* unused harmony exports Markup, escapeText, table, SECRET_INPUTS */
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(90453);
// The summary door: job summaries (GitHub-flavoured Markdown with HTML) are built here and only here.
// Text is anything not written by the suite itself (cache keys, refs, image names, error messages) and
// is escaped on the way in; markup is a Markup value, which only the builders below make. So a call
// site cannot put raw text into a summary: `gfm` escapes every string it interpolates.

/** Markdown/HTML the suite wrote; nothing else reaches a summary unescaped. */
class Markup {
    #text;
    constructor(text) {
        this.#text = text;
    }
    /** Only this module makes markup from a string. */
    static trusted(text) {
        return new Markup(text);
    }
    toString() {
        return this.#text;
    }
}
const trusted = (text) => Markup.trusted(text);
// Characters that mean something to GFM, GitHub's math or HTML anywhere in a line, as numeric
// references, which CommonMark always reads as literal text: HTML (& < > " '), code spans, emphasis,
// strikethrough, links and images ([ ] !), table cells (|), escapes (\), math ($), and the starts of
// autolinks (the `:` of `scheme://`, `mailto:` and `xmpp:`, the `@` of an address, the `.` of `www.`).
const INLINE = /[&<>"'`*_~[\]!|\\$@]|:(?=\/\/)|(?<=mailto|xmpp):|(?<=www)\./gi;
// At the start of a line: headings, quotes, lists, thematic breaks, setext underlines, indented code.
const LINE_START = /^(\s*)([#>+=-]|\d{1,9}[.)](?=\s|$))/;
const ref = (c) => `&#${c.codePointAt(0)};`;
/** Text as inert Markdown: shown as it is, never markup, a link or an image, on one line. */
function escapeText(text) {
    const flat = String(text).replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ');
    return flat
        .replace(INLINE, ref)
        .replace(LINE_START, (_, space, mark) => `${space}${ref(mark[0])}${mark.slice(1)}`)
        .replace(/^\s+/, space => space.replace(/\s/g, ref));
}
const piece = (p) => (p instanceof Markup ? p.toString() : escapeText(String(p)));
/** Markdown with its text escaped: gfm`### prune: ${target}` (a Markup value is kept as it is). */
function gfm(strings, ...values) {
    return trusted(strings.reduce((out, s, i) => out + s + (i < values.length ? piece(values[i]) : ''), ''));
}
/** Pieces joined with a separator (text escaped). */
const join = (parts, separator = '') => trusted(parts.map(piece).join(separator));
/** Inline code: <code>, its text escaped (a backtick span cannot hold every string). */
const code = (text) => gfm `<code>${text}</code>`;
/** A table: one row per entry, every cell escaped (a `|` or line break in a cell cannot add one). */
function table(head, rows, align = []) {
    const line = (cells) => `| ${cells.map(piece).join(' | ')} |`;
    const rule = head.map((_, i) => (align[i] === 'right' ? '---:' : '---'));
    return trusted([line(head), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n'));
}
/** A document: blocks separated by blank lines. */
const doc = (...blocks) => trusted(blocks.map(String).join('\n\n'));
/**
 * A Mermaid label (a gantt task, a node's text): every character but letters, digits, space and
 * `._/-+,()` as Mermaid's entity code `#<code point>;`, which Mermaid draws as the character and never
 * reads as syntax (`:`, `;`, `#`, `%%`, `<…>`, keywords at a line start, line breaks).
 */
function mermaidLabel(text, max = 70) {
    const chars = [...String(text).replace(/\s+/g, ' ').trim()];
    const cut = chars.length > max;
    const kept = (cut ? chars.slice(0, max - 1) : chars).join('');
    // Printable ASCII (nearly every label) without the Unicode classes, whose first use costs a build's
    // summary about half a millisecond: the same characters stay.
    const coded = (/^[\x20-\x7e]*$/.test(kept)
        ? kept.replace(/[^A-Za-z0-9 ._/+,()-]/g, entity)
        : kept.replace(/[^\p{L}\p{N} ._/+,()-]/gu, entity)) + (cut ? '…' : '');
    // A word Mermaid reads as a directive at the start of a line (title, section, click, …): a
    // zero-width space before it.
    return MERMAID_KEYWORD.test(coded) ? `#8203;${coded}` : coded || '#183;';
}
const entity = (c) => `#${c.codePointAt(0)};`;
const MERMAID_KEYWORD = /^(title|section|dateFormat|axisFormat|tickInterval|excludes|includes|todayMarker|weekday|weekend|inclusiveEndDates|topAxis|displayMode|accTitle|accDescr|click|style|classDef|class|link|callback|graph|flowchart|subgraph|end)\b/i;
/** Inputs whose values hold secrets: the summary shows their ids at most, never a value. */
const SECRET_INPUTS = {
    secrets: 'ids',
    'secret-envs': 'ids',
    'secret-files': 'ids',
    'github-token': 'hidden',
    token: 'hidden',
    password: 'hidden',
    'registry-password': 'hidden'
};
/** A secret's id as buildx takes it: the only part of a secret-bearing input a summary shows. */
const SECRET_ID = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
/**
 * What a summary may show of an input. Secret-bearing inputs (SECRET_INPUTS, and any whose name says
 * token, password or secret) show the ids of their `id=value` entries, read as the action reads the
 * list, and nothing else: an entry whose id is not a plain name, or whose value is empty or only `=`
 * (a line of base64 padding), shows as `?`. Every other input shows as given.
 */
function shownInput(name, value) {
    const kind = SECRET_INPUTS[name] ?? (/token|password|secret/i.test(name) ? 'hidden' : undefined);
    if (!kind || value === '')
        return value;
    if (kind === 'hidden')
        return '***';
    let entries;
    try {
        entries = (0,_inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .parseList */ .E1)(value, { commas: false, secret: true }, name);
    }
    catch {
        return '***';
    }
    return entries
        .map(e => {
        const eq = e.indexOf('=');
        const id = e.slice(0, eq).trim();
        return eq > 0 && SECRET_ID.test(id) && /[^=]/.test(e.slice(eq + 1)) ? id : '?';
    })
        .join(', ');
}
/**
 * A fenced code block: its text shown as it is (a code block decodes nothing, so nothing in it is
 * escaped), behind a fence longer than any backtick run in the text, so no line of it closes the block.
 * A `mermaid` block's labels come from mermaidLabel.
 */
function fenced(info, text) {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(r => r.length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return trusted(`${fence}${info}\n${text.replace(/\n+$/, '')}\n${fence}`);
}
/** An HTML table on one line, as @actions/core's summary writes tables: every cell escaped. */
function htmlTable(head, rows) {
    const row = (cells, tag) => `<tr>${cells.map(c => `<${tag}>${piece(c)}</${tag}>`).join('')}</tr>`;
    return trusted(`<table>${row(head, 'th')}${rows.map(r => row(r, 'td')).join('')}</table>`);
}


/***/ })

};
;