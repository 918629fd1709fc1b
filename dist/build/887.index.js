export const id = 887;
export const ids = [887];
export const modules = {

/***/ 887:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   publishLeg: () => (/* binding */ publishLeg)
/* harmony export */ });
/* harmony import */ var _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8115);
/* harmony import */ var _lib_oci_push_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(768);
/* harmony import */ var _lib_registry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2211);
/* harmony import */ var _handoff_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2083);
/* harmony import */ var _leg_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8081);
// After a leg's build: its image in the registry by digest (pushed here from an OCI layout when the
// builder could not), then the digest handed to the merge job through the Actions cache.





async function publishLeg(i, built, api, log) {
    const arch = i.arch;
    const repositories = (0,_leg_js__WEBPACK_IMPORTED_MODULE_4__/* .legRepositories */ .hp)(i.tags);
    let digest = built.digest;
    if (built.layout) {
        log.info(`arch ${arch.bashbrew}: pushing by digest to ${repositories.join(', ')}`);
        const top = await (0,_lib_oci_push_js__WEBPACK_IMPORTED_MODULE_1__/* .pushLayout */ .Bx)(built.layout, repositories, {
            credentials: (0,_lib_registry_js__WEBPACK_IMPORTED_MODULE_2__/* .dockerConfigCredentials */ .D)(),
            onSecret: s => log.setSecret(s)
        });
        digest = top.digest;
    }
    if (!digest)
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`arch ${arch.bashbrew}: the build reported no image digest to hand off`);
    const run = (0,_handoff_js__WEBPACK_IMPORTED_MODULE_3__/* .runFacts */ .pI)(process.env);
    if (!run) {
        log.warning(`arch ${arch.bashbrew}: not in a workflow run (no GITHUB_RUN_ID): the digest is not handed off for a merge`);
        return digest;
    }
    if (!api.isFeatureAvailable())
        throw new _lib_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`arch ${arch.bashbrew}: the Actions cache service is not available to this step, so the merge job could not find this leg's digest`);
    const image = (0,_handoff_js__WEBPACK_IMPORTED_MODULE_3__/* .imageName */ .tO)(i.tags[0]);
    const key = await (0,_handoff_js__WEBPACK_IMPORTED_MODULE_3__/* .handOff */ .VW)(api, run, { image, arch: arch.bashbrew, platform: arch.platform, digest }, arch);
    log.info(`arch ${arch.bashbrew}: ${image}@${digest} handed off for the merge (${key})`);
    return digest;
}


/***/ }),

/***/ 768:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bx: () => (/* binding */ pushLayout),
/* harmony export */   T8: () => (/* binding */ splitRepository)
/* harmony export */ });
/* unused harmony export planLayout */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2211);
// Pushing an OCI image layout (what `--output type=oci,tar=false` or `docker save` writes) to a registry
// by digest, untagged: the docker driver cannot push by digest itself (buildx refuses push-by-digest
// there), and the classic builder cannot push at all without a tag.




const blobPath = (dir, digest) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'blobs', ...digest.split(':'));
/** Walks the layout from index.json's single entry (a manifest, or an index with its attestations). */
function planLayout(dir, read = p => (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(p)) {
    const index = JSON.parse(read((0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, 'index.json')).toString('utf8'));
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
/** A repository reference's registry host and path (docker.io short names expanded). */
function splitRepository(repo) {
    const slash = repo.indexOf('/');
    const first = slash < 0 ? '' : repo.slice(0, slash);
    if (first && (first.includes('.') || first.includes(':') || first === 'localhost'))
        return { host: first, name: repo.slice(slash + 1) };
    return { host: 'registry-1.docker.io', name: slash < 0 ? `library/${repo}` : repo };
}
/** Pushes the layout to each repository by digest (blobs already there are skipped); the top digest. */
async function pushLayout(dir, repositories, o = {}) {
    const plan = planLayout(dir);
    const registries = new Map();
    for (const repo of repositories) {
        const { host, name } = splitRepository(repo);
        const reg = registries.get(host) ?? new _registry_js__WEBPACK_IMPORTED_MODULE_3__/* .Registry */ .OR(host, o);
        registries.set(host, reg);
        // Blobs in parallel (a few at a time): layers dominate the time.
        const queue = [...plan.blobs];
        const worker = async () => {
            for (let b = queue.shift(); b; b = queue.shift()) {
                const blob = b;
                if (await reg.hasBlob(name, blob.digest))
                    continue;
                const path = blobPath(dir, blob.digest);
                await reg.uploadBlob(name, blob.digest, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(path).size, () => blob.size === 0 ? '' : node_stream__WEBPACK_IMPORTED_MODULE_2__.Readable.toWeb((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(path)));
            }
        };
        await Promise.all(Array.from({ length: 4 }, worker));
        for (const m of plan.manifests)
            await reg.putManifest(name, m.digest, m.mediaType, (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(blobPath(dir, m.digest)));
    }
    return plan.top;
}


/***/ }),

/***/ 2211:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ dockerConfigCredentials),
/* harmony export */   OR: () => (/* binding */ Registry)
/* harmony export */ });
/* unused harmony exports MEDIA, MANIFEST_TYPES, isIndexType, RegistryError, parseChallenge, credentialHelper */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_4__);
// A small client of the OCI distribution API: tags, manifests, blobs, pushes and manifest deletion, with the
// login a docker CLI would use (the docker config's auths, credential helpers) and the registry token
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
        const digest = `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.createHash)('sha256').update(bytes).digest('hex')}`;
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
        const creds = await (this.creds ??= (this.o.credentials ?? (async () => undefined))(this.host));
        const scheme = /^\s*(\w+)/.exec(challenge)?.[1]?.toLowerCase();
        if (scheme === 'basic') {
            if (!creds?.username || creds.password === undefined)
                return undefined;
            return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
        }
        if (scheme !== 'bearer')
            return undefined;
        const params = parseChallenge(challenge);
        if (!params.realm)
            return undefined;
        const token = await this.fetchToken(params.realm, params.service, scope, creds);
        this.o.onSecret?.(token);
        return `Bearer ${token}`;
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
            const basic = creds?.username && creds.password !== undefined
                ? {
                    Authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`
                }
                : undefined;
            res = await this.f(`${realm}${realm.includes('?') ? '&' : '?'}${q}`, { headers: basic });
        }
        await check(res, `token for ${scope} from ${realm}`);
        const body = (await res.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new RegistryError(`token endpoint ${realm} answered without a token`, res.status);
        return token;
    }
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
/** Keys a docker config may use for one registry host. */
function configKeys(host) {
    const hub = host === 'registry-1.docker.io' || host === 'docker.io' || host === 'index.docker.io';
    const keys = hub ? ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', host] : [host];
    return keys.flatMap(k => (k.includes('://') ? [k] : [k, `https://${k}`, `http://${k}`, `https://${k}/v1/`]));
}
/** Credentials the docker CLI would use for a host, from $DOCKER_CONFIG/config.json (or ~/.docker). */
function dockerConfigCredentials(configDir = process.env.DOCKER_CONFIG || (0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_3__.homedir)(), '.docker'), helper = credentialHelper) {
    return async (host) => {
        let config;
        try {
            config = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_2__.readFileSync)((0,node_path__WEBPACK_IMPORTED_MODULE_4__.join)(configDir, 'config.json'), 'utf8'));
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
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(`docker-credential-${name}`, ['get'], { stdio: ['pipe', 'pipe', 'ignore'], env });
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


/***/ })

};
