export const id = 399;
export const ids = [399,628];
export const modules = {

/***/ 8399:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   readLegFacts: () => (/* binding */ readLegFacts)
/* harmony export */ });
/* harmony import */ var _lib_buildx_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8628);
/* harmony import */ var _lib_buildx_plugin_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3114);
// The builder's driver and platforms for a leg: one `buildx inspect`, in a module of its own so that
// builds without arch never load it (nor semver, which lib/buildx uses).


async function readLegFacts(builder) {
    const info = (0,_lib_buildx_js__WEBPACK_IMPORTED_MODULE_0__.parseInspect)(await (0,_lib_buildx_plugin_js__WEBPACK_IMPORTED_MODULE_1__.dockerBuildx)(['buildx', 'inspect', ...(builder ? [builder] : [])]));
    return { builder: info.name, driver: info.driver, platforms: (0,_lib_buildx_js__WEBPACK_IMPORTED_MODULE_0__.mainPlatforms)(info.nodes) };
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
