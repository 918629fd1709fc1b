// cache-mounts (DESIGN §8): a Go build with GOCACHE on a RUN --mount=type=cache, the second run on a
// fresh builder (`buildx prune -af`: no layer cache, no cache mounts) with and without `cache-mounts`,
// interleaved, through the bundled build step and the GitHub services double's Actions cache.
//
// The toolchain: no Docker Hub here, so the image is the host's own Go installation (`go env GOROOT`)
// copied onto the e2e base image (busybox) and pushed to the loopback registry. The workload: a small
// HTTP/JSON/TLS program built with CGO_ENABLED=0; since Go 1.20 the standard library is not shipped
// compiled, so a cold GOCACHE compiles every package it imports (what every CI build pays on a fresh
// builder), a warm one links from the cache.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDouble } from '../test-support/gh-double/index.mjs'
import { Job } from '../test-support/runner.mjs'
import { exec, median } from './stats.mjs'

const PROGRAM = `package main

import (
	"crypto/tls"
	"encoding/json"
	"net/http"
	"text/template"
)

func main() {
	t := template.Must(template.New("x").Parse("{{.}}"))
	_ = t
	s := &http.Server{Addr: ":8080", TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { json.NewEncoder(w).Encode(r.URL.Path) })
	_ = s
}
`

/** The host's Go toolchain as an image in the loopback registry (built once per Go version). */
async function goImage(env) {
  const run = (cmd, args, o = {}) => exec(cmd, args, { env: { ...process.env, ...env }, ...o })
  const goroot = (await run('go', ['env', 'GOROOT'])).out.trim()
  const version = (await run('go', ['env', 'GOVERSION'])).out.trim()
  const image = `${env.E2E_REGISTRY}/bench/go:${version}`
  const dir = mkdtempSync(join(tmpdir(), 'bench-goimage-'))
  writeFileSync(
    join(dir, 'Dockerfile'),
    `FROM ${env.E2E_BASE_IMAGE}\nCOPY --from=goroot / /usr/local/go\nENV PATH=/usr/local/go/bin:/bin:/usr/bin\n`
  )
  const r = await run('docker', [
    'buildx',
    'build',
    '--build-context',
    `goroot=${goroot}`,
    '--tag',
    image,
    '--push',
    '--provenance=false',
    dir
  ])
  rmSync(dir, { recursive: true, force: true })
  if (r.code !== 0) throw new Error(`the Go toolchain image: ${r.out.slice(-2000)}`)
  return image
}

/** Parses `cache-mounts: restore 1.2s · inject 0.8s · …` lines: the phases' seconds, summed per step. */
function phases(stdout) {
  const ms = {}
  const lines = stdout.split('\n').filter(l => /^cache-mounts: (restore|extract) /.test(l))
  // The last line of each phase group holds the totals so far: the step's last line is the full one.
  for (const m of (lines.at(-1) ?? '').matchAll(/(restore|inject|extract|save) (\d+\.\d)s/g))
    ms[m[1]] = Number(m[2]) * 1000
  return ms
}

export async function benchCacheMounts(env, { rounds, nonce }) {
  const image = await goImage(env)
  const d = await startDouble()
  const ws = mkdtempSync(join(tmpdir(), 'bench-mounts-'))
  const temp = mkdtempSync(join(tmpdir(), 'bench-mounts-temp-'))
  writeFileSync(join(ws, 'go.mod'), 'module example.com/bench\n\ngo 1.22\n')
  writeFileSync(join(ws, 'main.go'), PROGRAM)
  // A GOCACHE path of this run only: the engine's builder is shared.
  const gocache = `/root/.cache/go-build-${nonce}`
  writeFileSync(
    join(ws, 'Dockerfile'),
    [
      `FROM ${image}`,
      'WORKDIR /src',
      'COPY go.mod main.go ./',
      'ARG RUN_ID',
      `RUN --mount=type=cache,target=${gocache} GOCACHE=${gocache} CGO_ENABLED=0 go build -o /app . && echo "$RUN_ID" >/run-id`
    ].join('\n') + '\n'
  )
  const job = new Job({
    env: { ...env, ...d.env({ ref: 'refs/heads/main' }), RUNNER_TEMP: temp },
    workspace: ws
  })
  const prune = () => exec('docker', ['buildx', 'prune', '-af'], { env: { ...process.env, ...env } })
  const build = async mounts => {
    await prune() // a fresh builder: no layer cache, no cache mounts
    const r = await job.run('.', {
      'build-args': `RUN_ID=${Date.now()}`,
      ...(mounts
        ? {
            'cache-mounts': gocache,
            'cache-mounts-image': env.E2E_BASE_IMAGE,
            'cache-scope': `bench-${nonce}`
          }
        : {})
    })
    if (r.code !== 0) throw new Error(`bench build failed: ${r.errors.join('; ')}\n${r.stdout.slice(-3000)}`)
    return {
      ms: r.ms,
      phases: phases(r.stdout),
      saved: /cache-mounts: \S+: saved (\S+) \(/.exec(r.stdout)?.[1]
    }
  }
  try {
    // The first run: cold, saves the archive (what the first build of a scope pays).
    const first = await build(true)
    const bytes = d.store.find(e => e.key === first.saved)[0]?.size ?? 0
    const without = []
    const withMounts = []
    for (let i = 0; i < rounds; i++) {
      const pair = i % 2 === 0 ? [false, true] : [true, false]
      for (const m of pair) (m ? withMounts : without).push(await build(m))
    }
    const speedup = without.map((w, i) => w.ms / withMounts[i].ms)
    const s = ms => `${(ms / 1000).toFixed(1)} s`
    const phase = p => median(withMounts.map(r => r.phases[p] ?? 0))
    console.log(
      `cache-mounts: Go build on a fresh builder, step time without ${s(median(without.map(r => r.ms)))}, ` +
        `with ${s(median(withMounts.map(r => r.ms)))}; with: restore ${s(phase('restore'))}, inject ${s(phase('inject'))}, ` +
        `extract ${s(phase('extract'))}, save ${s(phase('save'))} (unchanged archives are not saved again); ` +
        `first run (cold, saves): ${s(first.ms)}, extract ${s(first.phases.extract ?? 0)}, save ${s(first.phases.save ?? 0)}, ` +
        `archive ${(bytes / 1e6).toFixed(1)} MB compressed`
    )
    return [
      {
        target: 'cache-mounts: fresh builder, without / with (speed-up > 1)',
        figure: speedup,
        f: v => `${v.toFixed(2)}×`,
        pass: median(speedup) > 1
      },
      {
        target: 'cache-mounts: restore + inject + extract + save (s)',
        figure: withMounts.map(
          r =>
            ((r.phases.restore ?? 0) +
              (r.phases.inject ?? 0) +
              (r.phases.extract ?? 0) +
              (r.phases.save ?? 0)) /
            1000
        ),
        f: v => `${v.toFixed(1)} s`,
        pass: true
      }
    ]
  } finally {
    job.dispose()
    await d.close()
    rmSync(ws, { recursive: true, force: true })
    rmSync(temp, { recursive: true, force: true })
  }
}
