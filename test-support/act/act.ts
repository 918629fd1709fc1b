// Workflows run by nektos/act (scripts/tools.sh installs the pinned act and Node 24) on the
// self-hosted platform: every step runs on this machine, against the e2e engine and its loopback
// registry. Our own `uses: org/build…@v1` map to a copy of this checkout, docker/login-action to the
// stand-in beside this file, and act's cache and artifact servers bind to loopback.
import { execFile, execFileSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml'
import { repoRoot } from '../engine.mjs'

export const actBin = join(repoRoot, '.build/bin/act')
/** act runs `node` from its own PATH for every `runs.using: node*` action on the self-hosted platform. */
export const node24Dir = join(repoRoot, '.build/node24/bin')
export const loginAction = join(repoRoot, 'test-support/act/login-action')
export const eventFile = (name: string) => join(repoRoot, 'test-support/act/events', `${name}.json`)

/** The registry hosts the examples name, all pointed at the loopback registry. */
const REGISTRY_HOSTS = /\b(?:ghcr\.io|registry\.example\.com)\b/g

/**
 * A workflow as act runs it here: the registry hosts become the loopback registry and the owner a
 * name of the test's (`ghcr.io/acme/app` → `localhost:5556/<owner>/app`); and setup-builder steps that
 * do not choose a `syntax` get `syntax: none`, because the pinned default frontend lives on Docker Hub,
 * out of reach here. Nothing else changes.
 */
export function localWorkflow(text: string, registry: string, owner = 'acme'): string {
  const doc = parseDocument(
    text.replace(REGISTRY_HOSTS, registry).replaceAll(`${registry}/acme/`, `${registry}/${owner}/`)
  )
  const jobs = doc.get('jobs')
  if (isMap(jobs))
    for (const job of jobs.items) {
      const steps = isMap(job.value) ? job.value.get('steps') : undefined
      if (!isSeq(steps)) continue
      for (const step of steps.items as YAMLMap[]) {
        if (!String(step.get('uses') ?? '').startsWith('org/build/setup-builder@')) continue
        if (!step.has('with')) step.set('with', doc.createNode({}))
        const w = step.get('with') as YAMLMap
        if (!w.has('syntax')) w.set('syntax', 'none')
      }
    }
  return doc.toString()
}

/** The `docker/login-action@<ref>` refs a workflow uses, so each maps to the stand-in. */
export const loginRefs = (text: string) => [
  ...new Set([...text.matchAll(/docker\/login-action@([\w.-]+)/g)].map(m => m[1]))
]

/**
 * `--local-repository` arguments for a plan (`act -n`) without the network: our own actions map to this
 * checkout, docker/login-action to the stand-in, and every other action the workflow uses to a stub
 * that declares no inputs and runs nothing (a plan needs each action's action.yml, nothing more).
 */
export function planRepositories(text: string): string[] {
  const stub = mkdtempSync(join(tmpdir(), 'act-stub-'))
  writeFileSync(
    join(stub, 'action.yml'),
    'name: stub\ndescription: a stand-in for planning\nruns:\n  using: composite\n  steps:\n    - run: "true"\n      shell: bash\n'
  )
  const maps = new Set<string>()
  for (const [, repo, ref] of text.matchAll(/uses:\s*['"]?([\w.-]+\/[\w.-]+)(?:\/[^@\s'"]*)?@([\w.-]+)/g)) {
    const to = repo === 'org/build' ? repoRoot : repo === 'docker/login-action' ? loginAction : stub
    maps.add(`${repo}@${ref}=${to}`)
  }
  return [...maps].flatMap(m => ['--local-repository', m])
}

/**
 * What `--local-repository org/build@v1=` points at: the actions (action.yml files and dist/) and the
 * reusable workflows of this checkout, the workflows made local as above.
 */
export function suiteCopy(registry: string, owner: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'act-suite-'))
  for (const f of ['action.yml', 'setup-builder/action.yml', 'prune/action.yml', 'dist'])
    cpSync(join(repoRoot, f), join(dir, f), { recursive: true })
  const wf = join(repoRoot, '.github/workflows')
  mkdirSync(join(dir, '.github/workflows'), { recursive: true })
  for (const f of readdirSync(wf).filter(n => /\.ya?ml$/.test(n)))
    writeFileSync(
      join(dir, '.github/workflows', f),
      localWorkflow(readFileSync(join(wf, f), 'utf8'), registry, owner)
    )
  return dir
}

/** A repository for the run: the given files, one commit, origin on github.com/acme/app. */
export function repository(files: Record<string, string>): { dir: string; sha: string } {
  const dir = mkdtempSync(join(tmpdir(), 'act-repo-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=act', '-c', 'user.email=act@example.com', ...args], {
      cwd: dir,
      encoding: 'utf8'
    }).trim()
  git('init', '-q', '-b', 'main')
  git('remote', 'add', 'origin', 'https://github.com/acme/app.git')
  git('add', '-A')
  git('commit', '-qm', 'app')
  return { dir, sha: git('rev-parse', 'HEAD') }
}

/** A docker config of the run's own (logins stay in it) with the engine's buildx plugin. */
export function dockerConfig(engineConfig: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'act-docker-'))
  mkdirSync(join(dir, 'cli-plugins'))
  symlinkSync(resolve(engineConfig, 'cli-plugins/docker-buildx'), join(dir, 'cli-plugins/docker-buildx'))
  return dir
}

export interface ActOptions {
  /** The repository act runs in (its workflows under .github/workflows). */
  repo: string
  workflow: string
  event: string
  eventPath: string
  /** The run's checkout of the suite (suiteCopy). */
  suite: string
  /** Variables for every step (act --env). */
  env: Record<string, string>
  /** act's own environment: ACTIONS_RUNTIME_URL / ACTIONS_RUNTIME_TOKEN are read from it, not --env. */
  actEnv?: Record<string, string>
  secrets?: Record<string, string>
  /** Configuration variables (`vars.*`). */
  vars?: Record<string, string>
  /** Where act's artifact and cache servers keep their files. */
  serverDir: string
  extraArgs?: string[]
}

export interface ActResult {
  code: number
  log: string
  seconds: number
}

export function actArgs(o: ActOptions): string[] {
  const text = readFileSync(join(o.repo, o.workflow), 'utf8')
  const args = [o.event, '-C', o.repo, '-W', o.workflow, '-e', o.eventPath]
  args.push('-P', 'ubuntu-24.04=-self-hosted', '-P', 'ubuntu-24.04-arm=-self-hosted')
  // act's servers listen on the machine's external address unless told otherwise.
  args.push('--cache-server-addr', '127.0.0.1', '--artifact-server-addr', '127.0.0.1')
  args.push(
    '--artifact-server-path',
    join(o.serverDir, 'artifacts'),
    '--cache-server-path',
    join(o.serverDir, 'cache')
  )
  args.push('--action-cache-path', join(o.serverDir, 'actions'))
  args.push('--local-repository', `org/build@v1=${o.suite}`)
  // The reusable workflows an example calls (in the suite's copy) log in too: their refs map as well.
  const dir = join(o.suite, '.github/workflows')
  const called = existsSync(dir)
    ? readdirSync(dir)
        .filter(f => f.endsWith('.yml'))
        .map(f => readFileSync(join(dir, f), 'utf8'))
    : []
  for (const ref of new Set([text, ...called].flatMap(loginRefs)))
    args.push('--local-repository', `docker/login-action@${ref}=${loginAction}`)
  for (const [k, v] of Object.entries(o.env)) args.push('--env', `${k}=${v}`)
  for (const [k, v] of Object.entries(o.secrets ?? {})) args.push('-s', `${k}=${v}`)
  for (const [k, v] of Object.entries(o.vars ?? {})) args.push('--var', `${k}=${v}`)
  return [...args, ...(o.extraArgs ?? [])]
}

/** Runs act; never throws for a failing workflow (the result has its exit code and log). */
export function runAct(o: ActOptions): Promise<ActResult> {
  const t0 = Date.now()
  const env = { ...process.env, ...o.actEnv }
  env.PATH = `${node24Dir}:${env.PATH}`
  return new Promise(done =>
    execFile(actBin, actArgs(o), { env, maxBuffer: 256 << 20, encoding: 'utf8' }, (err, stdout, stderr) =>
      done({
        code: err ? ((err as { code?: number }).code ?? 1) : 0,
        log: `${stdout}${stderr}`,
        seconds: Math.round((Date.now() - t0) / 100) / 10
      })
    )
  )
}

/**
 * `act -n` of one of the repository's workflows, for each event it is triggered by: it parses and plans
 * every job (actions mapped by planRepositories, nothing fetched). The runners are a container platform
 * (`image`, never started): on the self-hosted platform act runs `run:` steps even in a dry run
 * (pkg/container/host_environment.go has no dry-run check; docker_run.go's executors are
 * `.IfNot(common.Dryrun)`). A workflow only other workflows call is parsed with `act -l`; its jobs run in
 * the examples' runs.
 */
export async function planWorkflow(
  file: string,
  engine: { DOCKER_HOST: string; image: string }
): Promise<ActResult> {
  const text = readFileSync(file, 'utf8')
  const on = parseDocument(text).toJS()?.on
  const events = (typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {})).filter(
    (e: string) => e !== 'workflow_call'
  )
  const platforms = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-latest'].flatMap(l => [
    '-P',
    `${l}=${engine.image}`
  ])
  const base = ['-W', file, '-C', repoRoot, ...platforms]
  const runs = events.length
    ? events.map((e: string) => ['-n', e, ...base, ...planRepositories(text)])
    : [['-l', ...base]]
  const t0 = Date.now()
  let log = ''
  for (const args of runs) {
    const r = await new Promise<{ code: number; out: string }>(done =>
      execFile(
        actBin,
        args,
        { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: engine.DOCKER_HOST } },
        (err, so, se) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${so}${se}` })
      )
    )
    log += r.out
    if (r.code !== 0) return { code: r.code, log, seconds: (Date.now() - t0) / 1000 }
  }
  return { code: 0, log, seconds: (Date.now() - t0) / 1000 }
}
