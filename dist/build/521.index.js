export const id = 521;
export const ids = [521];
export const modules = {

/***/ 87521:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  claimLeg: () => (/* reexport */ claimLeg),
  mergeLegs: () => (/* reexport */ mergeLegs),
  publishLeg: () => (/* reexport */ publishLeg)
});

// EXTERNAL MODULE: ./lib/errors.ts
var errors = __webpack_require__(88115);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./lib/registry.ts
// A small client of the OCI distribution API: tags, manifests, blobs, pushes and manifest deletion, with the
// login a docker CLI would use (lib/docker-config.ts) and the registry token
// flow (Bearer challenge → token endpoint) or Basic auth. No Actions runtime calls: secrets learned on
// the way are handed to `onSecret` for masking.

const MEDIA = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
};
const MANIFEST_TYPES = Object.values(MEDIA);
const isIndexType = (t) => t === MEDIA.ociIndex || t === MEDIA.dockerList;
class RegistryError extends Error {
    status;
    name = 'RegistryError';
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
/** A registry error worth another try: a 5xx, a 429, or no answer at all. */
function isTransient(e) {
    if (e instanceof RegistryError)
        return e.status >= 500 || e.status === 429;
    return e instanceof TypeError; // fetch failed: connection refused, reset, DNS
}
/** `fn`, tried again after 1 s and 3 s while it fails transiently. */
async function retryTransient(fn, delays = [1000, 3000], sleep = (ms) => new Promise(r => setTimeout(r, ms))) {
    for (let attempt = 0;; attempt++) {
        try {
            return await fn();
        }
        catch (e) {
            if (attempt >= delays.length || !isTransient(e))
                throw e;
            await sleep(delays[attempt]);
        }
    }
}
class Registry {
    host;
    o;
    f;
    base;
    /** Authorization header per repository scope, once learned. */
    auth = new Map();
    creds;
    constructor(host, o = {}) {
        this.host = host;
        this.o = o;
        this.f = o.fetch ?? fetch;
        const loopback = /^(localhost|127\.[\d.]+|\[::1\])(:\d+)?$/.test(host);
        this.base = `${o.scheme ?? (loopback ? 'http' : 'https')}://${host}`;
    }
    /** Every tag of a repository (following the Link header's pages). */
    async tags(name) {
        const out = [];
        let path = `/v2/${name}/tags/list?n=1000`;
        while (path) {
            const res = await this.request(name, 'pull', 'GET', path);
            if (res.status === 404)
                return out;
            await check(res, `tags of ${name}`);
            const body = (await res.json());
            out.push(...(body.tags ?? []));
            path = /<([^>]+)>;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1];
        }
        return out;
    }
    async manifest(name, reference) {
        const res = await this.request(name, 'pull', 'GET', `/v2/${name}/manifests/${reference}`, {
            Accept: MANIFEST_TYPES.join(', ')
        });
        if (res.status === 404)
            return undefined;
        await check(res, `manifest ${name}:${reference}`);
        const bytes = Buffer.from(await res.arrayBuffer());
        const body = JSON.parse(bytes.toString('utf8'));
        const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
        const mediaType = String(body.mediaType ?? res.headers.get('content-type') ?? '').split(';')[0];
        return { digest, mediaType, size: bytes.length, body };
    }
    async blobJson(name, digest) {
        const res = await this.request(name, 'pull', 'GET', `/v2/${name}/blobs/${digest}`);
        await check(res, `blob ${name}@${digest}`);
        return JSON.parse(Buffer.from(await res.arrayBuffer()).toString('utf8'));
    }
    /** Deletes a manifest (and with it every tag that points to it). 404 means it was gone already. */
    async deleteManifest(name, digest) {
        const res = await this.request(name, 'pull,delete', 'DELETE', `/v2/${name}/manifests/${digest}`);
        if (res.status === 404)
            return 'gone';
        await check(res, `delete ${name}@${digest}`);
        return 'deleted';
    }
    async hasBlob(name, digest) {
        const res = await this.request(name, 'pull,push', 'HEAD', `/v2/${name}/blobs/${digest}`);
        if (res.status === 404)
            return false;
        await check(res, `blob ${name}@${digest}`);
        return true;
    }
    /** A monolithic upload (POST, then PUT with the digest); `body` is called once the upload is open, so
     * an authorisation round trip never consumes a stream. */
    async uploadBlob(name, digest, size, body) {
        const start = await this.request(name, 'pull,push', 'POST', `/v2/${name}/blobs/uploads/`);
        await check(start, `upload of ${name}@${digest}`);
        const location = new URL(start.headers.get('location') ?? '', `${this.base}/`);
        location.searchParams.set('digest', digest);
        // A stream goes out chunked; a size mismatch is caught by the registry's digest check.
        const headers = { 'Content-Type': 'application/octet-stream' };
        if (size === 0)
            headers['Content-Length'] = '0';
        const res = await this.request(name, 'pull,push', 'PUT', location.href, headers, body());
        await check(res, `upload of ${name}@${digest}`);
    }
    async putManifest(name, reference, mediaType, bytes) {
        const res = await this.request(name, 'pull,push', 'PUT', `/v2/${name}/manifests/${reference}`, { 'Content-Type': mediaType }, new Uint8Array(bytes));
        await check(res, `manifest ${name}:${reference}`);
    }
    async request(name, action, method, path, headers = {}, body) {
        const scope = `repository:${name}:${action}`;
        const url = path.startsWith('http') ? path : `${this.base}${path}`;
        const send = (auth) => this.f(url, {
            method,
            headers: { ...headers, ...(auth ? { Authorization: auth } : {}) },
            redirect: 'follow',
            ...(body === undefined ? {} : { body, duplex: 'half' })
        });
        let res = await send(this.auth.get(scope));
        if (res.status !== 401)
            return res;
        const challenge = res.headers.get('www-authenticate') ?? '';
        await res.arrayBuffer();
        const auth = await this.authorize(challenge, scope);
        if (!auth)
            return res;
        this.auth.set(scope, auth);
        res = await send(auth);
        return res;
    }
    async authorize(challenge, scope) {
        const creds = await (this.creds ??= this.loadCredentials());
        const scheme = /^\s*(\w+)/.exec(challenge)?.[1]?.toLowerCase();
        if (scheme === 'basic')
            return basicAuth(creds);
        if (scheme !== 'bearer')
            return undefined;
        const params = parseChallenge(challenge);
        if (!params.realm)
            return undefined;
        const token = await this.fetchToken(params.realm, params.service, scope, creds);
        this.o.onSecret?.(token);
        return `Bearer ${token}`;
    }
    /** The login for this host, every secret part of it masked first: the password, an identity token,
     * and the Basic header's base64 (a registry may echo the header back in an error body). */
    async loadCredentials() {
        const creds = await (this.o.credentials ?? (async () => undefined))(this.host);
        const basic = basicAuth(creds);
        for (const s of [creds?.password, creds?.identityToken, basic?.slice('Basic '.length)])
            if (s)
                this.o.onSecret?.(s);
        return creds;
    }
    async fetchToken(realm, service, scope, creds) {
        let res;
        if (creds?.identityToken) {
            const form = new URLSearchParams({
                grant_type: 'refresh_token',
                refresh_token: creds.identityToken,
                client_id: 'buildx-action-suite',
                scope,
                ...(service ? { service } : {})
            });
            res = await this.f(realm, {
                method: 'POST',
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                body: form.toString()
            });
        }
        else {
            const q = new URLSearchParams({ scope, ...(service ? { service } : {}) });
            const basic = basicAuth(creds);
            res = await this.f(`${realm}${realm.includes('?') ? '&' : '?'}${q}`, {
                headers: basic ? { Authorization: basic } : undefined
            });
        }
        await check(res, `token for ${scope} from ${realm}`);
        const body = (await res.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new RegistryError(`token endpoint ${realm} answered without a token`, res.status);
        return token;
    }
}
/** `Basic <base64(user:password)>`, when the login has a user and a password. */
function basicAuth(creds) {
    if (!creds?.username || creds.password === undefined)
        return undefined;
    return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
}
/** `Bearer realm="…",service="…",scope="…"` → its parameters. */
function parseChallenge(header) {
    const out = {};
    for (const m of header.replace(/^\s*\w+\s+/, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g))
        out[m[1].toLowerCase()] = m[2] ?? m[3];
    return out;
}
async function check(res, what) {
    if (res.ok)
        return;
    let detail = '';
    try {
        const text = await res.text();
        const body = JSON.parse(text);
        detail = body.errors?.map(e => `${e.code}: ${e.message}`).join('; ') ?? text;
    }
    catch {
        detail = '';
    }
    throw new RegistryError(`${what}: HTTP ${res.status}${detail ? ` (${detail.slice(0, 200)})` : ''}`, res.status);
}

// EXTERNAL MODULE: ./lib/image-ref.ts
var image_ref = __webpack_require__(21079);
;// CONCATENATED MODULE: ./build/matrix/oci-push.ts
// Pushing an OCI image layout (what `--output type=oci,tar=false` or `docker save` writes) to a registry
// by digest, untagged: the docker driver cannot push by digest itself (buildx refuses push-by-digest
// there), and the classic builder cannot push at all without a tag.





const blobPath = (dir, digest) => (0,external_node_path_.join)(dir, 'blobs', ...digest.split(':'));
/** Walks the layout from index.json's single entry (a manifest, or an index with its attestations). */
function planLayout(dir, read = p => (0,external_node_fs_.readFileSync)(p)) {
    const index = JSON.parse(read((0,external_node_path_.join)(dir, 'index.json')).toString('utf8'));
    const entries = index.manifests ?? [];
    if (entries.length !== 1)
        throw new Error(`the OCI layout in ${dir} holds ${entries.length} images; one was expected`);
    const plan = { top: entries[0], blobs: [], manifests: [] };
    const seen = new Set();
    const walk = (d) => {
        if (seen.has(d.digest))
            return;
        seen.add(d.digest);
        const m = JSON.parse(read(blobPath(dir, d.digest)).toString('utf8'));
        for (const child of m.manifests ?? [])
            walk(child);
        for (const blob of [...(m.config ? [m.config] : []), ...(m.layers ?? [])]) {
            if (seen.has(blob.digest))
                continue;
            seen.add(blob.digest);
            plan.blobs.push(blob);
        }
        plan.manifests.push(d);
    };
    walk(plan.top);
    return plan;
}
/** Pushes the layout to each repository by digest (blobs already there are skipped); the top digest. */
async function pushLayout(dir, repositories, o = {}) {
    const plan = planLayout(dir);
    const registries = new Map();
    for (const repo of repositories) {
        const { host, name } = (0,image_ref/* splitRepository */.T8)(repo);
        const reg = registries.get(host) ?? new Registry(host, o);
        registries.set(host, reg);
        // Blobs in parallel (a few at a time): layers dominate the time.
        const queue = [...plan.blobs];
        const worker = async () => {
            for (let b = queue.shift(); b; b = queue.shift()) {
                const blob = b;
                if (await reg.hasBlob(name, blob.digest))
                    continue;
                const path = blobPath(dir, blob.digest);
                await reg.uploadBlob(name, blob.digest, (0,external_node_fs_.statSync)(path).size, () => blob.size === 0 ? '' : external_node_stream_.Readable.toWeb((0,external_node_fs_.createReadStream)(path)));
            }
        };
        await Promise.all(Array.from({ length: 4 }, worker));
        for (const m of plan.manifests)
            await reg.putManifest(name, m.digest, m.mediaType, (0,external_node_fs_.readFileSync)(blobPath(dir, m.digest)));
    }
    return plan.top;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
;// CONCATENATED MODULE: ./build/matrix/handoff.ts
// The digest of one matrix leg, handed to the merge job through the Actions cache: no artifact steps
// in the user's workflow. Two small entries per leg, keyed by repository, run, image, arch and attempt:
// the arch's claim (one leg per arch and attempt, saved while the build runs) and the key that carries
// the digest.







/** The key prefix for one leg of this run; the attempt comes last so a restore-key prefix finds the
 * newest attempt (a re-run of a failed leg writes a new attempt, the merge of that re-run picks it up). */
function legKeyPrefix(run, image, arch) {
    return `build-digest-${(0,image_ref/* tagSafe */.gw)(run.repository)}-${run.runId}-${(0,image_ref/* tagSafe */.gw)(image)}-${arch.slug}-`;
}
/** The full key carries the digest, so the merge finds it with a lookup alone (nothing to download). */
const legKey = (run, image, arch, digest) => `${legKeyPrefix(run, image, arch)}${run.runAttempt}-${digest.replace(':', '-')}`;
/** The record a key found under a leg's prefix stands for; undefined for a key of another shape. */
function parseLegKey(key, prefix, image, arch) {
    const m = /^(\d+)-sha256-([0-9a-f]{64})$/.exec(key.startsWith(prefix) ? key.slice(prefix.length) : '');
    if (!m)
        return undefined;
    return {
        image,
        arch: arch.bashbrew,
        platform: arch.platform,
        digest: `sha256:${m[2]}`,
        attempt: Number(m[1])
    };
}
/** The file saved with the key; the same relative path on saving and on looking up (the cache
 * version hashes the paths), and in the workspace only for the moment of the save. */
const legPath = (arch) => `.build-digest-${arch.slug}.json`;
/** The run a leg or merge belongs to, from the runner's environment. */
function runFacts(env) {
    const [repository, runId, runAttempt] = [env.GITHUB_REPOSITORY, env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT];
    return repository && runId ? { repository, runId, runAttempt: runAttempt || '1' } : undefined;
}
/** The arch's claim in one attempt: a key without the digest, so that of two legs of one arch only one
 * can create it (the cache service refuses a second entry under a key), apart from the digest keys. */
const claimKey = (run, image, arch) => `build-claim-${legKeyPrefix(run, image, arch).slice('build-digest-'.length)}${run.runAttempt}`;
/** The claim's file. The claim is saved while the build runs, so not in the workspace (it could be
 * part of the build context); the same path string for both legs of a claim (the cache version hashes
 * it, and a conflict needs the same key and version), so not under RUNNER_TEMP either. */
function claimPath(key) {
    const name = `.build-claim-${(0,external_node_crypto_.createHash)('sha256').update(key).digest('hex').slice(0, 16)}.json`;
    return (0,external_node_path_.join)(process.platform === 'win32' ? (0,external_node_os_.tmpdir)() : '/tmp', name);
}
/** Claims the leg's arch in this run attempt; run while the build runs. Never rejects. */
async function claimArch(api, run, image, arch) {
    const key = claimKey(run, image, arch);
    const path = claimPath(key);
    try {
        (0,external_node_fs_.writeFileSync)(path, JSON.stringify({ key }));
        return (await api.saveCache([path], key)) === -1 ? 'refused' : 'claimed';
    }
    catch {
        return 'refused';
    }
    finally {
        (0,external_node_fs_.rmSync)(path, { force: true });
    }
}
/** Hands the leg's digest off, once its arch is claimed: the key with the digest, which the merge looks
 * up. A leg whose claim was refused hands nothing off and fails. */
async function handOff(api, run, leg, arch, claim, waitMs = 1000) {
    if (claim !== 'claimed')
        await explainRefusedClaim(api, run, leg, arch, waitMs);
    const key = legKey(run, leg.image, arch, leg.digest);
    const path = legPath(arch);
    (0,external_node_fs_.writeFileSync)(path, JSON.stringify(leg));
    try {
        if ((await api.saveCache([path], key)) === -1)
            throw notHandedOff(arch);
    }
    finally {
        (0,external_node_fs_.rmSync)(path, { force: true });
    }
    return key;
}
const notHandedOff = (arch) => new errors/* UserError */.y(`arch ${arch.bashbrew}: the digest could not be handed to the merge job (see the warning above)`);
/** A refused claim: another leg holds it (its entry may still be uploading: looked for a few times),
 * or the cache service failed. Throws either way. */
async function explainRefusedClaim(api, run, leg, arch, waitMs) {
    const claim = claimKey(run, leg.image, arch);
    for (let i = 0; i < 3; i++) {
        if (i > 0)
            await (0,promises_.setTimeout)(waitMs);
        if (!(await api.restoreCache([claimPath(claim)], claim, [], { lookupOnly: true })))
            continue;
        // The other leg's digest, once it has handed it off.
        const prefix = legKeyPrefix(run, leg.image, arch);
        const attempt = `${prefix}${run.runAttempt}-`;
        const key = await api.restoreCache([legPath(arch)], attempt, [attempt], { lookupOnly: true });
        const other = key ? parseLegKey(key, prefix, leg.image, arch) : undefined;
        const what = other ? `handed off ${leg.image}@${other.digest}` : `is handing off ${leg.image}`;
        throw new errors/* UserError */.y(`arch ${arch.bashbrew}: another leg of this run attempt ${what} for ${arch.platform}; two matrix legs build the same arch and the merge would take only one: give each leg its own arch`);
    }
    throw notHandedOff(arch);
}
/** The newest attempt's record of one leg of this run (a re-run of a failed leg is a newer attempt). */
async function findLeg(api, run, image, arch) {
    const prefix = legKeyPrefix(run, image, arch);
    const key = await api.restoreCache([legPath(arch)], prefix, [prefix], { lookupOnly: true });
    return key ? parseLegKey(key, prefix, image, arch) : undefined;
}

// EXTERNAL MODULE: ./build/matrix/leg-plan.ts
var leg_plan = __webpack_require__(88819);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ./lib/docker-config.ts
// The login a docker CLI would use for a registry host: $DOCKER_CONFIG/config.json (or ~/.docker),
// its auths, per-host credential helpers and the default credential store.




/** Keys a docker config may use for one registry host. */
function configKeys(host) {
    const hub = host === 'registry-1.docker.io' || host === 'docker.io' || host === 'index.docker.io';
    const keys = hub ? ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', host] : [host];
    return keys.flatMap(k => (k.includes('://') ? [k] : [k, `https://${k}`, `http://${k}`, `https://${k}/v1/`]));
}
/** Credentials the docker CLI would use for a host, from $DOCKER_CONFIG/config.json (or ~/.docker). */
function dockerConfigCredentials(configDir = process.env.DOCKER_CONFIG || (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker'), helper = credentialHelper) {
    return async (host) => {
        let config;
        try {
            config = JSON.parse((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(configDir, 'config.json'), 'utf8'));
        }
        catch {
            return undefined;
        }
        const keys = configKeys(host);
        const helperName = keys.map(k => config.credHelpers?.[k]).find(Boolean);
        if (helperName)
            return helper(helperName, keys[0]);
        for (const k of keys) {
            const a = config.auths?.[k];
            if (!a)
                continue;
            if (a.identitytoken)
                return { username: a.username, identityToken: a.identitytoken };
            if (a.auth) {
                const plain = Buffer.from(a.auth, 'base64').toString('utf8');
                const i = plain.indexOf(':');
                if (i > 0)
                    return { username: plain.slice(0, i), password: plain.slice(i + 1) };
            }
            if (a.username)
                return { username: a.username, password: a.password ?? '' };
        }
        if (config.credsStore)
            return helper(config.credsStore, keys[0]);
        return undefined;
    };
}
/** `docker-credential-<name> get` with the host on stdin; nothing stored gives undefined. */
function credentialHelper(name, host, env = process.env) {
    return new Promise(resolve => {
        const child = (0,external_node_child_process_.spawn)(`docker-credential-${name}`, ['get'], { stdio: ['pipe', 'pipe', 'ignore'], env });
        let out = '';
        child.stdout.on('data', d => (out += d));
        child.on('error', () => resolve(undefined));
        child.on('close', code => {
            if (code !== 0)
                return resolve(undefined);
            try {
                const r = JSON.parse(out);
                if (!r.Secret)
                    return resolve(undefined);
                resolve(r.Username === '<token>'
                    ? { identityToken: r.Secret }
                    : { username: r.Username, password: r.Secret });
            }
            catch {
                resolve(undefined);
            }
        });
        child.stdin.end(host);
    });
}

;// CONCATENATED MODULE: ./build/matrix/leg.ts
// A leg claims its arch while it builds; after the build: its image in the registry by digest (pushed
// here from an OCI layout when the builder could not), then the digest handed to the merge job through
// the Actions cache.






/** Starts claiming the leg's arch in this run attempt (handoff.ts), to run alongside the build; nothing
 * to claim outside a workflow run or without the cache service (publishLeg says so). Never rejects. */
async function claimLeg(i, api) {
    const run = runFacts(process.env);
    if (!run || !api.isFeatureAvailable())
        return 'refused';
    return claimArch(api, run, (0,image_ref/* imageRepository */.an)(i.tags[0]), i.arch);
}
async function publishLeg(i, built, api, claim, log) {
    const arch = i.arch;
    const repositories = (0,leg_plan/* legRepositories */.hp)(i.tags);
    let digest = built.digest;
    if (built.layout) {
        log.info(`arch ${arch.bashbrew}: pushing by digest to ${repositories.join(', ')}`);
        const top = await pushLayout(built.layout, repositories, {
            credentials: dockerConfigCredentials(),
            onSecret: s => log.setSecret(s)
        });
        digest = top.digest;
    }
    if (!digest)
        throw new errors/* UserError */.y(`arch ${arch.bashbrew}: the build reported no image digest to hand off`);
    const run = runFacts(process.env);
    if (!run) {
        log.warning(`arch ${arch.bashbrew}: not in a workflow run (no GITHUB_RUN_ID): the digest is not handed off for a merge`);
        return digest;
    }
    if (!api.isFeatureAvailable())
        throw new errors/* UserError */.y(`arch ${arch.bashbrew}: the Actions cache service is not available to this step, so the merge job could not find this leg's digest`);
    const image = (0,image_ref/* imageRepository */.an)(i.tags[0]);
    const record = { image, arch: arch.bashbrew, platform: arch.platform, digest };
    const key = await handOff(api, run, record, arch, await claim);
    log.info(`arch ${arch.bashbrew}: ${image}@${digest} handed off for the merge (${key})`);
    return digest;
}

// EXTERNAL MODULE: ./lib/buildx.ts
var buildx = __webpack_require__(78628);
// EXTERNAL MODULE: ./build/engine/buildkit-plan.ts
var buildkit_plan = __webpack_require__(70672);
// EXTERNAL MODULE: ./lib/arch.ts
var arch = __webpack_require__(79364);
;// CONCATENATED MODULE: ./build/matrix/merge-plan.ts
// Pure planning for the merge job: the multi-arch index from this run's legs, under every tag.



/** Fails with what was found and what is missing when a leg did not hand off its digest. */
function checkLegs(archs, found) {
    const missing = archs.filter(a => !found.has(a.bashbrew)).map(a => a.bashbrew);
    if (missing.length) {
        const have = [...found.keys()];
        throw new errors/* UserError */.y(`merge: no digest from this run for ${missing.join(', ')} (found: ${have.length ? have.join(', ') : 'none'}); did those matrix legs run the build step with arch and push: true?`);
    }
    return archs.map(a => found.get(a.bashbrew));
}
function planImagetoolsCreate(tags, image, legs, builder, annotations = []) {
    const args = ['buildx', 'imagetools', 'create'];
    if (builder)
        args.push('--builder', builder);
    for (const t of tags)
        args.push('--tag', t);
    for (const a of annotations)
        args.push('--annotation', a);
    for (const leg of legs)
        args.push(`${image}@${leg.digest}`);
    return args;
}
/** Where the index goes: each repository among the tags once (the index by digest), then its tags. */
function tagTargets(tags) {
    const out = new Map();
    for (const tag of tags) {
        const repository = (0,image_ref/* imageRepository */.an)(tag);
        out.set(repository, [...(out.get(repository) ?? []), (0,image_ref/* imageTag */.I_)(tag)]);
    }
    return [...out].map(([repository, t]) => ({ repository, tags: t }));
}
/** The failure of a merge that moved some tags and not others: which, so a re-run can finish it. */
function partialTagsMessage(digest, updated, failed, why) {
    return (`merge: the index ${digest} is in the registry, but ${failed.length} of ${updated.length + failed.length} tags were not moved to it (${why}): ` +
        `updated ${updated.length ? updated.join(', ') : 'none'}; not updated ${failed.join(', ')}. Re-run the merge job to finish.`);
}
/** The index must list every requested platform (attestation manifests, platform unknown/unknown, aside). */
function verifyIndex(manifests, archs) {
    const images = manifests.filter(m => m.platform && m.platform.os !== 'unknown' && !m.annotations?.['vnd.docker.reference.type']);
    return archs
        .filter(a => !images.some(m => (0,arch/* samePlatform */.my)(m.platform, a)))
        .map(a => a.platform);
}
const INDEX_LEVELS = ['index', 'manifest-descriptor'];
/**
 * metadata-action's `annotations` in the merge job: the `index:` and `manifest-descriptor[…]:` levels go
 * to imagetools create, which annotates the index and its descriptors. `manifest:` and unprefixed
 * entries annotate an image manifest, which the legs built (give them there): left out, and said.
 * `index-descriptor:` has nothing to annotate when an index is created (buildx refuses it): an error.
 */
function mergeAnnotations(annotations) {
    const apply = [];
    const skipped = [];
    for (const a of annotations) {
        const m = /^([a-z-]+(?:\[[^\]]*\])?(?:,[a-z-]+(?:\[[^\]]*\])?)*):(?=[^=]*=)/.exec(a);
        const levels = m ? m[1].split(/,(?![^[]*\])/) : [];
        if (levels.some(l => l.startsWith('index-descriptor')))
            throw new errors/* InputError */.d('annotations', a, 'index: or manifest-descriptor: annotations with merge (an index-descriptor has nothing to annotate when the index is created)');
        const kept = levels.filter(l => INDEX_LEVELS.includes(l.replace(/\[.*$/, '')));
        if (kept.length)
            apply.push(`${kept.join(',')}:${a.slice(m[0].length)}`);
        else
            skipped.push(a);
    }
    return { apply, skipped };
}

;// CONCATENATED MODULE: ./build/matrix/merge.ts









async function mergeLegs(i, builder, api, log, 
/** The summary's chunk, loaded after the work (build/lazy.ts). */
summaryChunk) {
    const run = runFacts(process.env);
    if (!run)
        throw new errors/* UserError */.y('merge: GITHUB_REPOSITORY and GITHUB_RUN_ID are not set; merge runs in a workflow job');
    if (!api.isFeatureAvailable())
        throw new errors/* UserError */.y("merge: the Actions cache service is not available to this step, so the legs' digests cannot be found");
    const image = (0,image_ref/* imageRepository */.an)(i.tags[0]);
    const found = new Map();
    for (const arch of i.merge) {
        const leg = await findLeg(api, run, image, arch);
        if (leg)
            found.set(arch.bashbrew, leg);
    }
    const legs = checkLegs(i.merge, found);
    for (const leg of legs)
        log.info(`merge: ${leg.arch} (${leg.platform}) ${image}@${leg.digest}, run attempt ${leg.attempt}`);
    const annotations = mergeAnnotations(i.annotations);
    if (annotations.skipped.length)
        log.info(`merge: ${annotations.skipped.length} annotation(s) of the legs' image manifests left out (imagetools create annotates the index and its descriptors: index: and manifest-descriptor:): ${annotations.skipped.join(', ')}`);
    const args = [...planImagetoolsCreate(i.tags, image, legs, builder, annotations.apply), '--dry-run'];
    log.info(`docker ${(0,buildkit_plan/* displayCommand */.kc)(args)}`);
    const index = Buffer.from((await (0,buildx/* dockerBuildx */.xU)(args)).replace(/\n$/, ''));
    await pushIndex(index, i.tags, log);
    const digest = await verifyTags(i.tags, i.merge, log);
    log.setOutput('digest', digest);
    log.setOutput('platform', i.merge.map(a => a.platform).join(','));
    log.setOutput('arch', i.merge.map(a => a.bashbrew).join(','));
    log.info(`Index digest: ${digest} (${i.merge.map(a => a.bashbrew).join(', ')}) under ${i.tags.join(', ')}`);
    // The summary is its own chunk: loaded after the work, as for a build.
    const summary = await summaryChunk();
    summary.reportMerge(log, {
        image,
        tags: i.tags,
        digest,
        legs: legs.map(l => ({ ...l, attempt: String(l.attempt ?? 1) }))
    });
}
/** The index by digest into each repository, then each tag; which tags moved when one fails. */
async function pushIndex(index, tags, log) {
    const mediaType = JSON.parse(index.toString('utf8')).mediaType ?? MEDIA.ociIndex;
    const digest = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(index).digest('hex')}`;
    const credentials = dockerConfigCredentials();
    const updated = [];
    for (const target of tagTargets(tags)) {
        const { host, name } = (0,image_ref/* splitRepository */.T8)(target.repository);
        const registry = new Registry(host, { credentials, onSecret: s => log.setSecret(s) });
        const put = (reference) => retryTransient(() => registry.putManifest(name, reference, mediaType, index));
        await put(digest).catch(e => {
            throw new errors/* UserError */.y(`merge: pushing the index to ${target.repository}: ${e.message}`);
        });
        for (const tag of target.tags) {
            try {
                await put(tag);
                updated.push(`${target.repository}:${tag}`);
            }
            catch (e) {
                const failed = tags.filter(t => !updated.includes(`${(0,image_ref/* imageRepository */.an)(t)}:${(0,image_ref/* imageTag */.I_)(t)}`));
                throw new errors/* UserError */.y(partialTagsMessage(digest, updated, failed, e.message));
            }
        }
    }
    log.info(`merge: index ${digest} pushed under ${updated.join(', ')}`);
}
/** Every tag must resolve to one index that lists every arch; its digest. */
async function verifyTags(tags, archs, log) {
    const credentials = dockerConfigCredentials();
    const digests = new Set();
    for (const tag of tags) {
        const { host, name } = (0,image_ref/* splitRepository */.T8)((0,image_ref/* imageRepository */.an)(tag));
        const reference = (0,image_ref/* imageTag */.I_)(tag);
        const m = await new Registry(host, { credentials, onSecret: s => log.setSecret(s) }).manifest(name, reference);
        if (!m)
            throw new errors/* UserError */.y(`merge: ${tag} is not in the registry after imagetools create`);
        const missing = verifyIndex(m.body.manifests ?? [], archs);
        if (missing.length)
            throw new errors/* UserError */.y(`merge: the index under ${tag} lacks ${missing.join(', ')}`);
        digests.add(m.digest);
    }
    if (digests.size !== 1)
        throw new errors/* UserError */.y(`merge: the tags point to different indexes (${[...digests].join(', ')})`);
    return [...digests][0];
}

;// CONCATENATED MODULE: ./build/matrix/index.ts
// The matrix steps after a build or instead of one, loaded on demand as one chunk of the bundle (they
// share the registry client): a leg's push by digest and hand-off, and the merge job.




/***/ })

};
