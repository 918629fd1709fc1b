"use strict";
exports.id = 676;
exports.ids = [676];
exports.modules = {

/***/ 90676:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildClassic: () => (/* binding */ buildClassic)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./lib/files.ts
var files = __webpack_require__(53973);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./lib/arch.ts
var arch = __webpack_require__(79364);
// EXTERNAL MODULE: ./lib/errors.ts
var errors = __webpack_require__(88115);
// EXTERNAL MODULE: ./lib/exec.ts
var exec = __webpack_require__(63361);
;// CONCATENATED MODULE: ./build/engine/classic-plan.ts
function planClassic(i, platform, iidFile) {
    // What the classic builder cannot do was refused with the inputs (inputs/combinations.ts).
    const args = ['build', '--iidfile', iidFile];
    const flag = (name, values) => values.forEach(v => args.push(name, v));
    if (platform)
        args.push('--platform', platform);
    if (i.file)
        args.push('--file', i.file);
    flag('--tag', i.tags);
    flag('--label', i.labels);
    flag('--build-arg', i.buildArgs);
    if (i.target)
        args.push('--target', i.target);
    // The classic builder reads cache only from images in the engine: cache-from refs are pulled first.
    const pull = i.cacheFrom.map(e => e.attrs.ref);
    flag('--cache-from', pull);
    if (i.noCache)
        args.push('--no-cache');
    if (i.pull)
        args.push('--pull');
    if (i.network)
        args.push('--network', i.network);
    flag('--add-host', i.addHosts);
    if (i.shmSize)
        args.push('--shm-size', i.shmSize);
    flag('--ulimit', i.ulimit);
    if (i.cgroupParent)
        args.push('--cgroup-parent', i.cgroupParent);
    args.push(i.context);
    return { args, env: { DOCKER_BUILDKIT: '0' }, push: i.push ? i.tags : [], pull };
}
/** The classic builder's log as build steps (`Step 2/5 : RUN make`, then ` ---> Using cache` for a hit),
 * named as BuildKit names them, so the cache report counts both engines alike. */
function classicSteps(lines) {
    const steps = [];
    for (const line of lines) {
        const m = /^Step (\d+\/\d+) : (.*)$/.exec(line);
        if (m)
            steps.push({
                id: String(steps.length + 1),
                name: `[${m[1]}] ${m[2]}`,
                cached: false,
                durationMs: 0,
                lines: []
            });
        else if (steps.length) {
            const step = steps[steps.length - 1];
            step.lines.push(line);
            if (/^ ---> Using cache$/.test(line)) {
                step.cached = true;
                delete step.durationMs;
            }
        }
    }
    return steps;
}

// EXTERNAL MODULE: ./build/engine/buildkit-plan.ts
var buildkit_plan = __webpack_require__(70672);
// EXTERNAL MODULE: ./build/engine/run-build.ts + 1 modules
var run_build = __webpack_require__(95303);
// EXTERNAL MODULE: ./build/engine/arg-limit.ts
var arg_limit = __webpack_require__(79086);
// EXTERNAL MODULE: ./lib/image-ref.ts
var image_ref = __webpack_require__(21079);
;// CONCATENATED MODULE: ./build/engine/classic.ts
// The build with the classic builder (`engine: classic`): DOCKER_BUILDKIT=0 docker build, then the
// tags pushed with docker push, or, for a leg, the image saved as an OCI layout to push by digest.











async function buildClassic(s) {
    const { inputs, log } = s;
    if (s.frontend.pinned)
        log.info(`engine classic: the pinned frontend ${s.frontend.pinned} does not apply (the classic builder has its own parser)`);
    const iidFile = (0,external_node_path_.join)(s.work, 'iid');
    const plan = planClassic(s.build, inputs.platforms[0] ?? '', iidFile);
    // The classic builder reads cache only from images in the engine.
    for (const ref of plan.pull) {
        const r = await (0,exec/* run */.eF)({ cmd: 'docker', args: ['pull', '--quiet', ref] });
        if (r.code !== 0)
            log.info(`cache-from ${ref}: not pulled (${r.stderr.trim().split('\n').at(-1)}); building without it`);
    }
    log.info(`DOCKER_BUILDKIT=0 docker ${(0,buildkit_plan/* displayCommand */.kc)(plan.args)}`);
    (0,arg_limit/* checkCommandSize */.d)(['docker', ...plan.args], (0,exec/* commandEnv */.zz)(plan.env));
    const built = await (0,run_build/* runBuild */.c)({ args: plan.args, env: plan.env, stdin: s.source?.archive() }, inputs.log);
    const run = { ...built, vertices: classicSteps(built.lines) };
    const result = { run, metadata: {}, digest: '', imageid: '', read: [], written: [] };
    if (run.code !== 0)
        return result;
    result.imageid = (0,external_node_fs_.readFileSync)(iidFile, 'utf8').trim();
    if (inputs.platforms[0])
        await checkPlatform(result.imageid, inputs.platforms[0]);
    result.metadata = { 'containerimage.config.digest': result.imageid };
    if (s.leg && inputs.push) {
        // `docker save` writes an OCI layout (Docker 25 and later): pushed by digest, untagged, by main.
        result.layout = (0,files/* makeDirIn */.R8)(s.work, 'oci');
        await (0,exec/* output */.CG)({ cmd: 'docker', args: ['save', '--output', (0,external_node_path_.join)(s.work, 'image.tar'), result.imageid] });
        await (0,exec/* output */.CG)({ cmd: 'tar', args: ['-x', '-f', (0,external_node_path_.join)(s.work, 'image.tar'), '-C', result.layout] });
    }
    else {
        for (const tag of plan.push) {
            log.info(`docker push ${tag}`);
            await (0,exec/* output */.CG)({ cmd: 'docker', args: ['push', '--quiet', tag] });
        }
        if (plan.push.length)
            result.digest = await repoDigest(result.imageid, plan.push[0]);
    }
    return result;
}
/** The classic builder can hand back an image of another platform than asked for (it matches its
 * step cache without the platform, and cannot emulate on every engine): never push one. */
async function checkPlatform(imageid, wanted) {
    const got = (await (0,exec/* output */.CG)({
        cmd: 'docker',
        args: ['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}/{{.Variant}}', imageid]
    }))
        .trim()
        .replace(/\/+$/, '');
    if (!(0,arch/* samePlatform */.my)(got, wanted))
        throw new errors/* UserError */.y(`engine classic: asked for ${wanted}, the classic builder produced ${got}; build this arch with engine: buildkit, or on a ${wanted} runner`);
}
/** The digest the registry gave the pushed image (docker keeps it as repo@digest). */
async function repoDigest(imageid, tag) {
    const digests = JSON.parse(await (0,exec/* output */.CG)({ cmd: 'docker', args: ['image', 'inspect', '--format', '{{json .RepoDigests}}', imageid] }));
    const repo = (0,image_ref/* imageRepository */.an)(tag);
    return digests?.find(d => d.startsWith(`${repo}@`))?.split('@')[1] ?? '';
}


/***/ })

};
;