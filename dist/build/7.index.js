export const id = 7;
export const ids = [7,628];
export const modules = {

/***/ 8007:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readBuilderVersions: () => (/* binding */ readBuilderVersions)
});

// EXTERNAL MODULE: ./lib/exec.ts
var exec = __webpack_require__(3361);
// EXTERNAL MODULE: ./lib/buildx.ts
var buildx = __webpack_require__(8628);
;// CONCATENATED MODULE: ./lib/docker.ts
// Facts read from the docker CLI and engine, each with one command.


const docker = (...args) => (0,exec/* output */.CG)({ cmd: 'docker', args });
async function buildxVersion() {
    return (0,buildx.parseBuildxVersion)(await docker('buildx', 'version'));
}
async function inspectBuilder(argv) {
    return (0,buildx.parseInspect)(await docker(...argv));
}
/** Whether the engine keeps images in containerd (its builder can then export cache and multi-platform images). */
async function engineUsesContainerd() {
    const status = await docker('info', '--format', '{{json .DriverStatus}}');
    return status.includes('io.containerd.snapshotter');
}
/** The docker context in use: DOCKER_HOST overrides contexts, so it means `default`. */
async function currentContext(env = process.env) {
    if (env.DOCKER_HOST)
        return 'default';
    if (env.DOCKER_CONTEXT)
        return env.DOCKER_CONTEXT;
    return (await docker('context', 'show')).trim();
}

;// CONCATENATED MODULE: ./build/gha-versions.ts
// The versions the gha v2 check needs, read with three commands at once. A module of its own so
// that builds without a gha cache never load it (nor semver, which lib/buildx uses).

/** buildx's, the builder's BuildKit and the engine's versions, read at once (only for gha v2). */
async function readBuilderVersions(builder) {
    const [buildx, info, engine] = await Promise.all([
        buildxVersion(),
        inspectBuilder(['buildx', 'inspect', ...(builder ? [builder] : [])]).catch(() => undefined),
        docker('version', '--format', '{{.Server.Version}}').then(v => v.trim(), () => '')
    ]);
    return {
        buildx,
        buildkit: info?.nodes[0]?.buildkitVersion ?? '',
        driver: info?.driver ?? '',
        engine
    };
}


/***/ }),

/***/ 8628:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mainPlatforms: () => (/* binding */ mainPlatforms),
/* harmony export */   parseBuildxVersion: () => (/* binding */ parseBuildxVersion),
/* harmony export */   parseInspect: () => (/* binding */ parseInspect)
/* harmony export */ });
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
// Parsing what buildx prints about itself and its builders.

/** `github.com/docker/buildx v0.29.1 a1b2c3` or Debian's `github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3`. */
function parseBuildxVersion(out) {
    const m = /buildx\s+v?(\d+\.\d+\.\d+)/.exec(out);
    if (!m)
        throw new Error(`cannot read the buildx version from: ${out.trim().slice(0, 200)}`);
    return m[1];
}
/** `docker buildx inspect` text output (stable since 0.10; there is no JSON form in 0.13). */
function parseInspect(out) {
    const info = { name: '', driver: '', nodes: [] };
    let node;
    let inLabels = false;
    for (const raw of out.split('\n')) {
        const line = raw.replace(/\s+$/, '');
        if (inLabels && /^\s+\S/.test(line) && node) {
            const m = /^\s+([^:]+):\s*(.*)$/.exec(line);
            if (m)
                node.labels[m[1].trim()] = m[2].trim();
            continue;
        }
        inLabels = false;
        const m = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line);
        if (!m)
            continue;
        const [, key, value] = m;
        if (key === 'Name' && node === undefined && info.name === '')
            info.name = value;
        else if (key === 'Driver' && node === undefined)
            info.driver = value;
        else if (key === 'Name') {
            node = { name: value, endpoint: '', status: '', buildkitVersion: '', platforms: [], labels: {} };
            info.nodes.push(node);
        }
        else if (node) {
            if (key === 'Endpoint')
                node.endpoint = value;
            else if (key === 'Status')
                node.status = value;
            else if (key === 'BuildKit version' || key === 'Buildkit')
                node.buildkitVersion = cleanVersion(value);
            else if (key === 'Platforms')
                node.platforms = value
                    .split(',')
                    .map(p => p.trim())
                    .filter(Boolean);
            else if (key === 'Labels')
                inLabels = true;
        }
    }
    if (!info.name || !info.driver)
        throw new Error(`cannot read builder details from: ${out.trim().slice(0, 200)}`);
    return info;
}
function cleanVersion(v) {
    const s = semver__WEBPACK_IMPORTED_MODULE_0___default().coerce(v)?.version ?? '';
    return s === '0.0.0' ? '' : s;
}
/** Platforms a builder reports, without the amd64 micro-architecture levels (v2..v4) buildx lists. */
function mainPlatforms(nodes) {
    const all = nodes.flatMap(n => n.platforms).filter(p => !/^linux\/amd64\/v[234]$/.test(p));
    return [...new Set(all)];
}


/***/ })

};
