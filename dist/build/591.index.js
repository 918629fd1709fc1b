"use strict";
exports.id = 591;
exports.ids = [591];
exports.modules = {

/***/ 36591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openGitSource: () => (/* binding */ openGitSource),
/* harmony export */   planGitArchive: () => (/* binding */ planGitArchive)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(88115);
/* harmony import */ var _lib_exec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(63361);
// `context: git` / `git:<subdir>`: the committed tree of HEAD (or git-ref) as a tar on the build's
// stdin, so untracked and ignored files never reach the build.



/** `git archive` of the tree (or one subdirectory of it, as the archive's root). */
function planGitArchive(g) {
    return ['archive', '--format=tar', g.subdir ? `${g.ref}:${g.subdir}` : g.ref];
}
/** Resolves the ref (a bad one is an input error before anything runs) and reads the tree's state. */
async function openGitSource(g, cwd) {
    const git = (...args) => (0,_lib_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .output */ .CG)({ cmd: 'git', args, cwd });
    const commit = await git('rev-parse', '--verify', '--end-of-options', `${g.ref}^{commit}`).then(s => s.trim(), (e) => {
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('git-ref', g.ref, `a commit, branch or tag of the repository in ${cwd} (${firstLine(e)})`);
    });
    if (g.subdir) {
        const type = await git('cat-file', '-t', `${commit}:${g.subdir}`).catch(() => '');
        if (type.trim() !== 'tree')
            throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d('context', `git:${g.subdir}`, `a directory committed at ${g.ref} (${commit.slice(0, 12)})`);
    }
    const dirty = (await git('status', '--porcelain', '--untracked-files=normal')).split('\n').filter(Boolean);
    return {
        commit,
        dirty,
        read: path => {
            try {
                return (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFileSync)('git', ['show', `${commit}:${path}`], {
                    cwd,
                    encoding: 'utf8',
                    stdio: ['ignore', 'pipe', 'ignore']
                });
            }
            catch {
                return undefined;
            }
        },
        archive: () => {
            const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)('git', planGitArchive({ ...g, ref: commit }), {
                cwd,
                stdio: ['ignore', 'pipe', 'inherit']
            });
            return child.stdout;
        }
    };
}
const firstLine = (e) => e.message
    .split('\n')
    .find(l => /fatal|error/i.test(l))
    ?.trim() ?? e.message.split('\n')[0];


/***/ })

};
;