export const id = 250;
export const ids = [250];
export const modules = {

/***/ 9250:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkCallSupport: () => (/* binding */ checkCallSupport),
  readBuilderVersions: () => (/* binding */ readBuilderVersions),
  readLegFacts: () => (/* binding */ readLegFacts)
});

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(2088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./lib/buildx.ts
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
    const s = semver_default().coerce(v)?.version ?? '';
    return s === '0.0.0' ? '' : s;
}
/** Platforms a builder reports, without the amd64 micro-architecture levels (v2..v4) buildx lists. */
function mainPlatforms(nodes) {
    const all = nodes.flatMap(n => n.platforms).filter(p => !/^linux\/amd64\/v[234]$/.test(p));
    return [...new Set(all)];
}

// EXTERNAL MODULE: ./lib/exec.ts
var exec = __webpack_require__(3361);
// EXTERNAL MODULE: ./lib/buildx-plugin.ts
var buildx_plugin = __webpack_require__(3114);
;// CONCATENATED MODULE: ./lib/docker.ts
// Facts read from the docker CLI and engine, each with one command.



const docker = (...args) => (0,exec/* output */.CG)({ cmd: 'docker', args });
async function buildxVersion() {
    return parseBuildxVersion(await (0,buildx_plugin/* dockerBuildx */.xU)(['buildx', 'version']));
}
async function inspectBuilder(argv) {
    return parseInspect(await (0,buildx_plugin/* dockerBuildx */.xU)(argv));
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

// EXTERNAL MODULE: ./lib/errors.ts
var errors = __webpack_require__(8115);
;// CONCATENATED MODULE: ./build/engine/builder-facts.ts
// What the build reads about buildx and the builder, only when a feature needs it: the gha v2 version
// check, a matrix leg's driver and platforms, `call`'s buildx version. A module of its own, loaded on
// demand, so that other builds never load it (nor semver, which lib/buildx uses).




const inspect = (builder) => inspectBuilder(['buildx', 'inspect', ...(builder ? [builder] : [])]);
/** buildx's, the builder's BuildKit and the engine's versions, read at once (only for gha v2). */
async function readBuilderVersions(builder) {
    const [buildx, info, engine] = await Promise.all([
        buildxVersion(),
        inspect(builder).catch(() => undefined),
        docker('version', '--format', '{{.Server.Version}}').then(v => v.trim(), () => '')
    ]);
    return {
        buildx,
        buildkit: info?.nodes[0]?.buildkitVersion ?? '',
        driver: info?.driver ?? '',
        engine
    };
}
/** A leg's builder: its driver (how the leg pushes) and what it can run (emulators included). */
async function readLegFacts(builder) {
    const info = await inspect(builder);
    return { builder: info.name, driver: info.driver, platforms: mainPlatforms(info.nodes) };
}
/** `--call` came with buildx 0.15: an older one would fail on an unknown flag. */
async function checkCallSupport(call) {
    const version = await buildxVersion();
    if (semver_default().lt(version, '0.15.0'))
        throw new errors/* UserError */.y(`call: ${call} needs buildx >= 0.15 (this runner has buildx ${version}); leave call empty to build`);
}


/***/ })

};
