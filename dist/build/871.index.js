"use strict";
exports.id = 871;
exports.ids = [871];
exports.modules = {

/***/ 28871:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkStoredLeg: () => (/* reexport */ builder_store/* checkStoredLeg */.W),
  claimLeg: () => (/* reexport */ claimLeg),
  handOffLeg: () => (/* reexport */ handOffLeg),
  mergeLegs: () => (/* reexport */ mergeLegs),
  publishLeg: () => (/* reexport */ publishLeg),
  stageLeg: () => (/* reexport */ stageLeg)
});

// EXTERNAL MODULE: ./lib/errors.ts
var errors = __webpack_require__(88115);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
;// CONCATENATED MODULE: ./lib/http.ts
// One HTTP request through node:http / node:https. The cache service's requests sit on a matrix leg's
// critical path: the global fetch loads undici on its first use (about 60–150 ms on this project's
// bench machine, for three requests), node:http is already there. An `https_proxy` / `http_proxy`
// (without the host in `no_proxy`) is honoured as the runner's toolkit honours it: a CONNECT tunnel for
// https, an absolute URL through the proxy for http. node:https and node:tls load on the first https
// request only (a loopback cache service speaks plain http).

const httpsRequest = (url, options, cb) => process.getBuiltinModule('node:https').request(url, options, cb);
const tlsConnect = (o) => process.getBuiltinModule('node:tls').connect(o);
const TIMEOUT_MS = 60_000;
/** The proxy for `url` from the environment, as @actions/http-client reads it; undefined for none. */
function proxyFor(url, env = process.env) {
    const https = url.protocol === 'https:';
    const raw = https ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy || env.HTTP_PROXY;
    if (!raw)
        return undefined;
    const host = url.hostname.toLowerCase();
    if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]')
        return undefined;
    const port = url.port || (https ? '443' : '80');
    const bypass = (env.no_proxy || env.NO_PROXY || '')
        .split(',')
        .map(s => s.trim().toLowerCase())
        .filter(Boolean);
    const skip = bypass.some(b => {
        if (b === '*' || b === `${host}:${port}`)
            return true;
        const name = b.replace(/^\*?\./, '');
        return host === name || host.endsWith(`.${name}`);
    });
    return skip ? undefined : new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`);
}
const proxyAuth = (p) => p.username
    ? {
        'Proxy-Authorization': `Basic ${Buffer.from(`${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`).toString('base64')}`
    }
    : {};
const http = (url, init = {}) => new Promise((resolve, reject) => {
    const u = new URL(url);
    const body = init.body === undefined ? undefined : Buffer.from(init.body);
    const headers = { ...init.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) };
    const options = { method: init.method ?? 'GET', headers, timeout: TIMEOUT_MS };
    const proxy = proxyFor(u);
    const onResponse = (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    };
    const send = (req) => {
        req.on('timeout', () => req.destroy(new Error(`no answer from ${u.host} in ${TIMEOUT_MS / 1000}s`)));
        req.on('error', reject);
        req.end(body);
    };
    if (!proxy)
        return send((u.protocol === 'https:' ? httpsRequest : external_node_http_.request)(u, options, onResponse));
    if (u.protocol !== 'https:')
        return send((0,external_node_http_.request)(proxy, { ...options, path: u.href, headers: { ...headers, ...proxyAuth(proxy), Host: u.host } }, onResponse));
    const tunnel = (0,external_node_http_.request)(proxy, {
        method: 'CONNECT',
        path: `${u.hostname}:${u.port || 443}`,
        headers: { Host: `${u.hostname}:${u.port || 443}`, ...proxyAuth(proxy) },
        timeout: TIMEOUT_MS
    });
    tunnel.on('connect', (res, socket) => {
        if (res.statusCode !== 200) {
            socket.destroy();
            return reject(new Error(`proxy ${proxy.host} refused the tunnel to ${u.host}: ${res.statusCode}`));
        }
        const createConnection = () => tlsConnect({ socket, servername: u.hostname });
        send(httpsRequest(u, { ...options, createConnection, agent: false }, onResponse));
    });
    tunnel.on('timeout', () => tunnel.destroy(new Error(`no answer from proxy ${proxy.host}`)));
    tunnel.on('error', reject);
    tunnel.end();
});

;// CONCATENATED MODULE: ./lib/cache-service.ts
// The Actions cache service, as a job reaches it with its runtime token: v1 (REST, _apis/artifactcache)
// or v2 (twirp CacheService with signed blob URLs), whichever the runner offers, decided as @actions/cache
// decides it. The suite's one client of it: prune reads BuildKit's indexes through it, and a matrix leg
// stores its small JSON records (the arch's claim, the digest for the merge) as entries of their own,
// the JSON as the blob: no tar, no compression, three requests for a record. @actions/cache stays for
// what it is built for: `cache: local`'s directory trees.

/** github.com, *.ghe.com and *.localhost have the v2 service; any other server is GHES (v1 only). */
function isGhes(serverUrl) {
    let host = 'GITHUB.COM';
    try {
        host = new URL(serverUrl || 'https://github.com').hostname.toUpperCase();
    }
    catch {
        // as @actions/cache: an unparsable URL is not GHES
    }
    return host !== 'GITHUB.COM' && !host.endsWith('.GHE.COM') && !host.endsWith('.LOCALHOST');
}
/** The cache mode lattice: unset or unknown modes allow both (as @actions/cache reads them). */
const MODES = ['none', 'read', 'write', 'write-only'];
/**
 * The service this job may use, from the runner's environment (@actions/cache's config.ts): v2 when
 * ACTIONS_CACHE_SERVICE_V2 is set (never on GHES), at ACTIONS_RESULTS_URL; v1 at ACTIONS_CACHE_URL.
 * Undefined when the runner offers none (no URL or no runtime token).
 */
function cacheServiceConfig(env) {
    const protocol = env.ACTIONS_CACHE_SERVICE_V2 && !isGhes(env.GITHUB_SERVER_URL) ? 'v2' : 'v1';
    const url = protocol === 'v2' ? env.ACTIONS_RESULTS_URL : env.ACTIONS_CACHE_URL;
    const token = env.ACTIONS_RUNTIME_TOKEN;
    if (!url || !token)
        return undefined;
    const mode = (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase();
    const known = MODES.includes(mode);
    return {
        protocol,
        url: url.replace(/\/*$/, '/'),
        token,
        readable: !known || mode === 'read' || mode === 'write',
        writable: !known || mode === 'write' || mode === 'write-only'
    };
}
/** The `ac` claim of a runtime token: the cache scopes (refs) a job may read (bit 1) and write (bit 2). */
function runtimeScopes(token) {
    try {
        const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
        const ac = typeof claims.ac === 'string' ? JSON.parse(claims.ac) : [];
        return (Array.isArray(ac) ? ac : []).map((s) => ({
            scope: String(s.Scope),
            permission: Number(s.Permission)
        }));
    }
    catch {
        return [];
    }
}
class CacheServiceError extends Error {
}
const TWIRP = 'twirp/github.actions.results.api.v1.CacheService/';
const V1_ACCEPT = 'application/json;api-version=6.0-preview.1';
function cacheService(c, o = {}) {
    const send = o.http ?? http;
    const delays = o.retryDelaysMs ?? [1000, 2000, 4000];
    const auth = { Authorization: `Bearer ${c.token}` };
    /** One request, retried while the answer is transient; `accept` lists the statuses that are answers. */
    async function request(url, init, accept = []) {
        for (let attempt = 0;; attempt++) {
            let res;
            let failure = '';
            try {
                res = await send(url, init);
                if ((res.status >= 200 && res.status < 300) || accept.includes(res.status))
                    return res;
                failure = `answered ${res.status}: ${res.body.toString('utf8').slice(0, 200).replace(/\s+/g, ' ')}`;
            }
            catch (e) {
                failure = `did not answer: ${e.message}`;
            }
            const transient = !res || res.status === 429 || res.status >= 500;
            if (!transient || attempt >= delays.length)
                throw new CacheServiceError(`cache service ${failure}`);
            const after = Number(res?.headers['retry-after']);
            await new Promise(r => setTimeout(r, after > 0 ? after * 1000 : delays[attempt]));
        }
    }
    const json = (res) => JSON.parse(res.body.toString('utf8') || '{}');
    const twirp = (method, body, accept) => request(c.url + TWIRP + method, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
    }, accept);
    const v1 = (method, resource, body, accept) => request(`${c.url}_apis/artifactcache/${resource}`, {
        method,
        headers: { ...auth, Accept: V1_ACCEPT, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body && JSON.stringify(body)
    }, accept);
    const notOk = (what, body) => new CacheServiceError(`cache service refused to ${what}${body.message ? `: ${body.message}` : ''}`);
    const service = {
        protocol: c.protocol,
        /** Creates (reserves) the entry for this job to fill; 'exists' when the key and version are taken in
         * the job's scope, by a finished entry or by one another job is still filling. */
        async create(key, version) {
            if (c.protocol === 'v1') {
                const res = await v1('POST', 'caches', { key, version }, [409]);
                if (res.status === 409)
                    return 'exists';
                return { key, version, id: Number(json(res).cacheId) };
            }
            const res = await twirp('CreateCacheEntry', { key, version }, [409]);
            if (res.status === 409)
                return 'exists';
            const body = json(res);
            if (!body.ok || !body.signed_upload_url)
                throw notOk(`create ${key}`, body);
            return { key, version, uploadUrl: body.signed_upload_url };
        },
        /** Uploads the whole entry at once (a record is small), then commits it: from then on it is found. */
        async fill(r, bytes) {
            await service.upload(r, bytes);
            await service.commit(r, bytes.length);
        },
        /** The entry's content, in one request; not found before its commit. On v2 an upload replaces the
         * last one (a blob's PUT). */
        async upload(r, bytes) {
            if (c.protocol === 'v1') {
                await request(`${c.url}_apis/artifactcache/caches/${r.id}`, {
                    method: 'PATCH',
                    headers: {
                        ...auth,
                        Accept: V1_ACCEPT,
                        'Content-Type': 'application/octet-stream',
                        'Content-Range': `bytes 0-${bytes.length - 1}/*`
                    },
                    body: bytes
                });
                return;
            }
            await request(r.uploadUrl, {
                method: 'PUT',
                headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': 'application/octet-stream' },
                body: bytes
            });
        },
        /** Commits the uploaded entry of `size` bytes: from then on it is found. */
        async commit(r, size) {
            if (c.protocol === 'v1') {
                await v1('POST', `caches/${r.id}`, { size });
                return;
            }
            const body = json(await twirp('FinalizeCacheEntryUpload', { key: r.key, version: r.version, size_bytes: `${size}` }));
            if (!body.ok)
                throw notOk(`finalize ${r.key}`, body);
        },
        /** The entry with exactly this key, else the newest under the first restore prefix that has one. */
        async lookup(key, version, restoreKeys = []) {
            if (c.protocol === 'v1') {
                const keys = encodeURIComponent([key, ...restoreKeys].join(','));
                const res = await v1('GET', `cache?keys=${keys}&version=${encodeURIComponent(version)}`);
                if (res.status === 204)
                    return undefined;
                const body = json(res);
                return body.archiveLocation ? { key: String(body.cacheKey), url: body.archiveLocation } : undefined;
            }
            const body = json(await twirp('GetCacheEntryDownloadURL', { key, restore_keys: restoreKeys, version }));
            if (!body.ok || !body.signed_download_url)
                return undefined;
            return { key: String(body.matched_key), url: body.signed_download_url };
        },
        async download(found) {
            return (await request(found.url, {})).body;
        },
        /** The bytes of the entry with exactly this key (a prefix match on another key does not count). */
        async read(key, version) {
            const found = await service.lookup(key, version);
            return found && found.key === key ? service.download(found) : undefined;
        }
    };
    return service;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
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
        // node:crypto for blobs of any size, loaded here only (lib/ids.ts hashes the short texts).
        const digest = `sha256:${process.getBuiltinModule('node:crypto').createHash('sha256').update(bytes).digest('hex')}`;
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

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./lib/ids.ts + 4 modules
var ids = __webpack_require__(23414);
// EXTERNAL MODULE: ./build/matrix/leg-mark.ts
var leg_mark = __webpack_require__(74329);
;// CONCATENATED MODULE: ./build/matrix/handoff.ts
// The digest of one matrix leg, handed to the merge job through the Actions cache: no artifact steps
// in the user's workflow. One entry per leg, keyed by repository, run, image, arch and attempt, holding
// the leg's record as JSON (lib/cache-service.ts: no archive). Creating the entry is the arch's claim:
// the cache service creates a key once, so of two legs of one arch in one attempt only one can; the leg
// creates it while buildx builds and fills it with the record after. On cache service v2 the record is
// uploaded as soon as the build has exported the index it names (buildx then still pushes and exports
// the cache), and committed after the build: one request after it.





/** The cache version of the suite's leg records (the service matches versions exactly; only this suite
 * writes and reads these entries). */
const RECORD_VERSION = (0,ids/* sha256Hex */.fg)('buildx-action-suite leg record 1');
/** How much of the repository and the image a key shows, to be read by people (the hash decides). */
const SHOWN = 100;
/** The key prefix for one leg of this run; the attempt comes last so a restore-key prefix finds the
 * newest attempt (a re-run of a failed leg writes a new attempt, the merge of that re-run picks it up).
 * The readable parts are many-to-one (tagSafe maps `reg/web/app` and `reg/web-app` alike, and they are
 * cut short to keep the key within the service's 512 characters): a hash of the exact repository, image
 * and platform, just before the attempt, makes the prefix of each leg its own. */
function legKeyPrefix(run, image, arch) {
    const exact = (0,ids/* sha256Hex */.fg)(JSON.stringify([run.repository, run.runId, image, arch.platform])).slice(0, 16);
    const shown = (s) => (0,image_ref/* tagSafe */.gw)(s).slice(0, SHOWN);
    return `build-digest-${shown(run.repository)}-${shown(run.runId)}-${shown(image)}-${arch.slug}-${exact}-`;
}
/** The leg's entry in this attempt: its claim, and once filled its record. */
const legKey = (run, image, arch) => `${legKeyPrefix(run, image, arch)}${run.runAttempt}`;
/** Where the record goes when the claim's own entry could not be filled (an upload URL that expired
 * during a long build): found under the same prefixes. */
const lateKey = (key) => `${key}-late`;
/** The record an entry holds, when it is one of this image and arch; undefined otherwise. */
function parseLegRecord(bytes, image, arch) {
    let r;
    try {
        r = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        return undefined;
    }
    if (r.image !== image || r.arch !== arch.bashbrew || !/^sha256:[0-9a-f]{64}$/.test(String(r.digest)))
        return undefined;
    const attempt = Number(r.attempt);
    return {
        image,
        arch: arch.bashbrew,
        platform: arch.platform,
        digest: String(r.digest),
        ...(attempt > 0 ? { attempt } : {}),
        ...(typeof r.nonce === 'string' ? { nonce: r.nonce } : {})
    };
}
/** Claims the leg's arch in this run attempt (one request); run while the build runs. Never rejects. */
async function claimArch(api, run, image, arch) {
    try {
        const r = await api.create(legKey(run, image, arch), RECORD_VERSION);
        return r === 'exists' ? { state: 'taken' } : { state: 'claimed', reservation: r };
    }
    catch (e) {
        return { state: 'failed', reason: e.message };
    }
}
/** The entry's content: the record, with the run attempt that pushed it. */
const recordBytes = (run, leg) => Buffer.from(JSON.stringify({ ...leg, attempt: Number(run.runAttempt) }));
/** Uploads the record ahead of its commit, on cache service v2 only: there an upload replaces the last
 * one, so a record that turns out not to be the final one is simply uploaded again. Never rejects. */
function stageRecord(api, claim, bytes) {
    if (claim.state !== 'claimed' || api.protocol !== 'v2')
        return undefined;
    return {
        bytes,
        uploaded: api.upload(claim.reservation, bytes).then(() => true, () => false)
    };
}
/** Hands the leg's digest off: its record into the claimed entry, which the merge looks up (committed
 * alone when `staged` uploaded exactly this record). A leg whose arch another leg holds hands nothing
 * off and fails; a claim the service failed is tried once more. */
async function handOff(api, run, leg, arch, claim, { waitMs = 1000, staged } = {}) {
    if (claim.state === 'failed')
        claim = await claimArch(api, run, leg.image, arch);
    if (claim.state === 'taken')
        return explainTaken(api, run, leg, arch, waitMs);
    if (claim.state === 'failed')
        throw notHandedOff(arch, claim.reason);
    const record = recordBytes(run, leg);
    const { reservation } = claim;
    try {
        // Settled first: an upload of another record still under way must not land after this one.
        const ready = staged !== undefined && (await staged.uploaded) && staged.bytes.equals(record);
        if (ready)
            await api.commit(reservation, record.length);
        else
            await api.fill(reservation, record);
        return reservation.key;
    }
    catch {
        // The arch stays claimed by the pending entry; the record goes beside it.
    }
    try {
        const late = await api.create(lateKey(reservation.key), RECORD_VERSION);
        if (late === 'exists')
            throw new Error(`${lateKey(reservation.key)} exists`);
        await api.fill(late, record);
        return late.key;
    }
    catch (e) {
        throw notHandedOff(arch, e.message);
    }
}
const notHandedOff = (arch, reason) => new errors/* UserError */.y(`arch ${arch.bashbrew}: the digest could not be handed to the merge job: ${reason}`);
/** Another leg of this attempt holds the arch: its digest is named once it has handed it off (looked for a
 * few times: it may still be building). Throws. */
async function explainTaken(api, run, leg, arch, waitMs) {
    const key = legKey(run, leg.image, arch);
    let other;
    for (let i = 0; i < 3 && !other; i++) {
        if (i > 0)
            await (0,promises_.setTimeout)(waitMs);
        const found = await readRecord(api, key, [lateKey(key)], leg.image, arch).catch(() => undefined);
        if (found?.attempt === Number(run.runAttempt))
            other = found;
    }
    const what = other ? `handed off ${leg.image}@${other.digest}` : `is handing off ${leg.image}`;
    throw new errors/* UserError */.y(`arch ${arch.bashbrew}: another leg of this run attempt ${what} for ${arch.platform}; two matrix legs build the same arch and the merge would take only one: give each leg its own arch`);
}
async function readRecord(api, key, restoreKeys, image, arch) {
    const found = await api.lookup(key, RECORD_VERSION, restoreKeys);
    return found && parseLegRecord(await api.download(found), image, arch);
}
/** The newest attempt's record of one leg of this run (a re-run of a failed leg is a newer attempt). */
async function findLeg(api, run, image, arch) {
    const prefix = legKeyPrefix(run, image, arch);
    return readRecord(api, prefix, [prefix], image, arch);
}

// EXTERNAL MODULE: ./build/matrix/leg-plan.ts
var leg_plan = __webpack_require__(88819);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./lib/files.ts
var files = __webpack_require__(53973);
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
            // DOCKER_CONFIG is the job's to set: a device or a runaway file there is not read without bound.
            const text = (0,files/* readCapped */.EF)((0,external_node_path_.join)(configDir, 'config.json'), 'DOCKER_CONFIG', 16 * files/* MiB */.lv, 'docker config');
            config = JSON.parse(text);
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







/** The cache service this step may write to, if the runner offers one. */
function writableCache(env) {
    const config = cacheServiceConfig(env);
    return config?.writable ? cacheService(config) : undefined;
}
/** Starts claiming the leg's arch in this run attempt (handoff.ts), to run alongside the build; nothing
 * to claim outside a workflow run or without the cache service (publishLeg says so). Never rejects. */
async function claimLeg(i) {
    const run = (0,leg_mark/* runFacts */.pI)(process.env);
    const api = writableCache(process.env);
    if (!run || !api)
        return { state: 'failed', reason: 'no cache service' };
    return claimArch(api, run, (0,image_ref/* imageRepository */.an)(i.tags[0]), i.arch);
}
/** What the leg hands off for `digest`. */
const legRecord = (i, digest, mark) => ({
    image: (0,image_ref/* imageRepository */.an)(i.tags[0]),
    arch: i.arch.bashbrew,
    platform: i.arch.platform,
    digest,
    nonce: mark?.nonce
});
/** Once the build has exported the index it pushes (`digest`, before buildx ends): the record naming it
 * uploaded into the claimed entry, to be committed after the build (handoff.ts stageRecord). Never
 * rejects; undefined when there is nothing to stage. */
async function stageLeg(i, claim, digest, mark) {
    const run = (0,leg_mark/* runFacts */.pI)(process.env);
    const api = writableCache(process.env);
    if (!run || !api)
        return undefined;
    return stageRecord(api, await claim, recordBytes(run, legRecord(i, digest, mark)));
}
/** Starts handing `digest` off (handoff.ts handOff), as soon as buildx has pushed it; undefined outside
 * a workflow run or without a writable cache service (publishLeg says so). */
function handOffLeg(i, digest, claim, mark, staged) {
    const run = (0,leg_mark/* runFacts */.pI)(process.env);
    const api = writableCache(process.env);
    return run && api ? startHandOff(api, run, i, digest, claim, mark, staged) : undefined;
}
function startHandOff(api, run, i, digest, claim, mark, staged) {
    const record = legRecord(i, digest, mark);
    const key = (async () => handOff(api, run, record, i.arch, await claim, { staged: await staged }))();
    key.catch(() => undefined); // met by publishLeg's caller, after the report
    return { digest, key };
}
/** `early`: the hand-off handOffLeg started once buildx ended, taken when it hands off this digest. */
async function publishLeg(i, built, claim, log, mark, { staged, early } = {}) {
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
    const run = (0,leg_mark/* runFacts */.pI)(process.env);
    if (!run) {
        log.warning(`arch ${arch.bashbrew}: not in a workflow run (no GITHUB_RUN_ID): the digest is not handed off for a merge`);
        return { digest, handedOff: Promise.resolve() };
    }
    const api = writableCache(process.env);
    if (!api)
        throw new errors/* UserError */.y(`arch ${arch.bashbrew}: the Actions cache service is not available to this step (or not writable), so the merge job could not find this leg's digest`);
    const { key } = early?.digest === digest ? early : startHandOff(api, run, i, digest, claim, mark, staged);
    const handedOff = key.then(k => log.info(`arch ${arch.bashbrew}: ${(0,image_ref/* imageRepository */.an)(i.tags[0])}@${digest} handed off for the merge (${k})`));
    handedOff.catch(() => undefined); // met by the caller's await, after the report
    return { digest, handedOff };
}

// EXTERNAL MODULE: ./lib/buildx.ts
var buildx = __webpack_require__(78628);
// EXTERNAL MODULE: ./build/engine/buildkit-plan.ts
var buildkit_plan = __webpack_require__(70672);
// EXTERNAL MODULE: ./lib/arch.ts
var lib_arch = __webpack_require__(79364);
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
        .filter(a => !images.some(m => (0,lib_arch/* samePlatform */.my)(m.platform, a)))
        .map(a => a.platform);
}
/** The image manifest of an index that is the leg's platform (attestations aside), if exactly one. */
function legManifestOf(manifests, arch) {
    const images = manifests.filter(m => m.platform && !m.annotations?.['vnd.docker.reference.type'] && (0,lib_arch/* samePlatform */.my)(m.platform, arch));
    return images.length === 1 ? images[0] : undefined;
}
/**
 * A handed-off digest is tagged only when it is the leg's own: an image of the leg's platform bearing
 * the mark of this run, of the record's attempt and of its nonce (leg-mark.ts), as an annotation of the
 * index under that digest or a label of the image. Either is part of what the digest names, so only a
 * push can put it there. A forged cache entry naming another image of the repository fails here, in one
 * line naming the arch.
 */
function checkLegImage(run, leg, arch, found) {
    const expected = (0,leg_mark/* formatLegMark */.jM)({ runId: run.runId, attempt: leg.attempt ?? 1, nonce: leg.nonce ?? '' });
    const mark = found?.annotations?.[leg_mark/* LEG_LABEL */.iN] ?? found?.labels?.[leg_mark/* LEG_LABEL */.iN];
    const why = !found
        ? 'it is not in the registry'
        : !found.platform || !(0,lib_arch/* samePlatform */.my)(found.platform, arch)
            ? `it is no ${arch.platform} image`
            : mark === undefined
                ? `it has no ${leg_mark/* LEG_LABEL */.iN} mark (an annotation of its index or a label)`
                : mark !== expected
                    ? `its ${leg_mark/* LEG_LABEL */.iN} mark reads ${JSON.stringify(String(mark).slice(0, 120))}, the leg's would read ${JSON.stringify(expected)}`
                    : undefined;
    if (why)
        throw new errors/* UserError */.y(`merge: arch ${arch.bashbrew}: ${leg.image}@${leg.digest}, handed off as this run's ${arch.bashbrew} leg, is not an image that leg built (${why}); nothing is tagged`);
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










async function mergeLegs(i, builder, log, 
/** The summary's chunk, loaded after the work (build/lazy.ts). */
summaryChunk) {
    const run = (0,leg_mark/* runFacts */.pI)(process.env);
    if (!run)
        throw new errors/* UserError */.y('merge: GITHUB_REPOSITORY and GITHUB_RUN_ID are not set; merge runs in a workflow job');
    const config = cacheServiceConfig(process.env);
    if (!config?.readable)
        throw new errors/* UserError */.y("merge: the Actions cache service is not available to this step (or not readable), so the legs' digests cannot be found");
    const api = cacheService(config);
    const image = (0,image_ref/* imageRepository */.an)(i.tags[0]);
    const found = new Map();
    for (const arch of i.merge) {
        const leg = await findLeg(api, run, image, arch);
        if (leg)
            found.set(arch.bashbrew, leg);
    }
    const legs = checkLegs(i.merge, found);
    await Promise.all(legs.map(async (leg, n) => checkLegImage(run, leg, i.merge[n], await readLegImage(image, leg, i.merge[n], log).catch(e => {
        throw new errors/* UserError */.y(`merge: arch ${leg.arch}: reading ${image}@${leg.digest} from the registry: ${e.message}`);
    }))));
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
/** The image under a leg's digest, as the registry has it (an index: its image of the leg's platform). */
async function readLegImage(image, leg, arch, log) {
    const { host, name } = (0,image_ref/* splitRepository */.T8)(image);
    const registry = new Registry(host, {
        credentials: dockerConfigCredentials(),
        onSecret: s => log.setSecret(s)
    });
    let m = await retryTransient(() => registry.manifest(name, leg.digest));
    let annotations;
    if (m && isIndexType(m.mediaType)) {
        annotations = m.body.annotations ?? {};
        const own = legManifestOf(m.body.manifests ?? [], arch);
        if (!own)
            return { annotations };
        m = await retryTransient(() => registry.manifest(name, own.digest));
    }
    const config = m?.body.config;
    if (!config?.digest)
        return m && { annotations };
    const blob = (await retryTransient(() => registry.blobJson(name, config.digest)));
    const platform = blob.os && blob.architecture
        ? { os: blob.os, architecture: blob.architecture, variant: blob.variant }
        : undefined;
    return { platform, labels: blob.config?.Labels ?? {}, annotations };
}
/** The index by digest into each repository, then each tag; which tags moved when one fails. */
async function pushIndex(index, tags, log) {
    const mediaType = JSON.parse(index.toString('utf8')).mediaType ?? MEDIA.ociIndex;
    const digest = `sha256:${(0,ids/* sha256Hex */.fg)(index)}`;
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

// EXTERNAL MODULE: ./build/matrix/builder-store.ts
var builder_store = __webpack_require__(51076);
;// CONCATENATED MODULE: ./build/matrix/index.ts
// The matrix steps after a build or instead of one, loaded on demand as one chunk of the bundle (they
// share the registry client): a leg's push by digest and hand-off, and the merge job.





/***/ })

};
;