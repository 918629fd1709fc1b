"use strict";
exports.id = 269;
exports.ids = [269];
exports.modules = {

/***/ 22269:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkCallSupport: () => (/* binding */ checkCallSupport),
/* harmony export */   readBuilderVersions: () => (/* binding */ readBuilderVersions),
/* harmony export */   readLegFacts: () => (/* binding */ readLegFacts)
/* harmony export */ });
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(62088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_buildx_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(78628);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(88115);
// What the build reads about buildx and the builder, only when a feature needs it: the gha v2 version
// check, a matrix leg's driver and platforms, `call`'s buildx version. A module of its own, loaded on
// demand, so that other builds never load it (nor semver, which lib/buildx uses).



const inspect = (builder) => (0,_lib_buildx_js__WEBPACK_IMPORTED_MODULE_1__/* .inspectBuilder */ .IK)(['buildx', 'inspect', ...(builder ? [builder] : [])]);
/** buildx's, the builder's BuildKit and the engine's versions, read at once (only for gha v2). */
async function readBuilderVersions(builder) {
    const [buildx, info, engine] = await Promise.all([
        (0,_lib_buildx_js__WEBPACK_IMPORTED_MODULE_1__/* .buildxVersion */ .ry)(),
        inspect(builder).catch(() => undefined),
        (0,_lib_buildx_js__WEBPACK_IMPORTED_MODULE_1__/* .docker */ .T3)('version', '--format', '{{.Server.Version}}').then(v => v.trim(), () => '')
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
    return { builder: info.name, driver: info.driver, platforms: (0,_lib_buildx_js__WEBPACK_IMPORTED_MODULE_1__/* .mainPlatforms */ .e6)(info.nodes) };
}
/** `--call` came with buildx 0.15: an older one would fail on an unknown flag. */
async function checkCallSupport(call) {
    const version = await (0,_lib_buildx_js__WEBPACK_IMPORTED_MODULE_1__/* .buildxVersion */ .ry)();
    if (semver__WEBPACK_IMPORTED_MODULE_0___default().lt(version, '0.15.0'))
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .UserError */ .y(`call: ${call} needs buildx >= 0.15 (this runner has buildx ${version}); leave call empty to build`);
}


/***/ })

};
;