// A small emulation of the GitHub Actions runner, enough to run this suite's bundled dist entries as
// a workflow job would: inputs from action.yml defaults + `with:`, the GITHUB_* file commands
// (OUTPUT/ENV/STATE/STEP_SUMMARY/PATH, heredoc delimiter format), env exported by one step visible
// to the next, and post steps run at job end, last first, with STATE_*.
import { performance } from 'node:perf_hooks'
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, delimiter } from 'node:path'
import { setTimeout, clearTimeout } from 'node:timers'
import { parse as parseYaml } from 'yaml'
import { repoRoot } from './engine.mjs'

/** `name=value` lines and `name<<DELIM\nvalue\nDELIM` blocks, as @actions/core writes them. */
export function parseFileCommands(text) {
  const out = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc
      const value = []
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i])
      if (i >= lines.length) throw new Error(`unterminated file command for ${name} (delimiter ${delim})`)
      out[name] = value.join('\n')
    } else {
      const eq = line.indexOf('=')
      if (eq < 1) throw new Error(`malformed file command line: ${line}`)
      out[line.slice(0, eq)] = line.slice(eq + 1)
    }
  }
  return out
}

/** INPUT_<NAME>: upper-cased, spaces to underscores, hyphens kept (as the runner does). */
export const inputEnvName = name => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

export class Job {
  /**
   * @param {object} opts
   * @param {Record<string,string>} [opts.env] job-level env (engine, GitHub context overrides)
   * @param {string} [opts.workspace] GITHUB_WORKSPACE (the checkout)
   * @param {object} [opts.event] the event payload written to GITHUB_EVENT_PATH
   */
  constructor(opts = {}) {
    this.root = mkdtempSync(join(tmpdir(), 'runner-'))
    this.temp = join(this.root, 'temp')
    mkdirSync(this.temp)
    const eventPath = join(this.root, 'event.json')
    writeFileSync(eventPath, JSON.stringify(opts.event ?? {}))
    this.summaryFile = join(this.root, 'step_summary.md')
    this.summary = ''
    this.env = {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: opts.workspace ?? repoRoot,
      GITHUB_REPOSITORY: 'acme/app',
      GITHUB_REPOSITORY_OWNER: 'acme',
      GITHUB_RUN_ID: String(Date.now()),
      GITHUB_RUN_NUMBER: '1',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SHA: '0000000000000000000000000000000000000000',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_JOB: 'build',
      GITHUB_WORKFLOW: 'ci',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_API_URL: 'https://api.github.com',
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_TEMP: this.temp,
      RUNNER_TOOL_CACHE: join(this.root, 'tool-cache'),
      ...opts.env
    }
    this.path = []
    this.posts = []
    this.steps = []
  }

  /**
   * Runs one `uses:` step: `action` is the action's folder relative to the repository ('.' for the
   * root action.yml, 'setup-builder', 'prune'). `opts.wrap` runs the step's node under a command
   * prefix (e.g. `unshare -m …` to give it a host with different files). `opts.cancel` cancels the
   * step as the runner cancels a job: once its stdout matches `cancel.when`, `cancel.signal` (default
   * SIGINT) goes to the step's process, then SIGTERM 7.5 s and SIGKILL 10 s later while it still runs;
   * the result's `signals` lists those sent.
   * @returns {Promise<StepResult>}
   */
  async run(action, inputs = {}, opts = {}) {
    const dir = join(repoRoot, action)
    const meta = parseYaml(readFileSync(join(dir, 'action.yml'), 'utf8'))
    if (!/^node\d+$/.test(meta.runs?.using)) throw new Error(`${action}: runs.using ${meta.runs?.using}`)
    const id = opts.id ?? `step${this.steps.length + 1}`
    const env = { ...this.env, GITHUB_ACTION: id, GITHUB_ACTION_PATH: dir, ...opts.env }
    for (const [name, spec] of Object.entries(meta.inputs ?? {})) {
      const given = inputs[name]
      const value =
        given !== undefined ? String(given) : spec?.default !== undefined ? String(spec.default) : ''
      env[inputEnvName(name)] = value.replace(/^\$\{\{\s*github\.token\s*\}\}$/, env.GITHUB_TOKEN ?? '')
    }
    for (const name of Object.keys(inputs)) {
      if (!(name in (meta.inputs ?? {})))
        throw new Error(`${action}: unexpected input '${name}' (the runner warns)`)
    }
    const result = await this.#execute(join(dir, meta.runs.main), env, id, action, opts.wrap, opts.cancel)
    this.steps.push(result)
    // post-if defaults to always(): a post step runs even when its main step failed.
    const postIf = meta.runs['post-if'] ?? 'always()'
    if (meta.runs.post && (postIf === 'always()' || (postIf === 'success()' && result.code === 0))) {
      this.posts.push({ file: join(dir, meta.runs.post), env, state: result.state, id, action })
    }
    return result
  }

  /** Runs the post steps, last registered first, as the runner does at the end of a job. */
  async complete() {
    const results = []
    for (const post of this.posts.reverse()) {
      const env = { ...post.env }
      for (const [k, v] of Object.entries(post.state)) env[`STATE_${k}`] = v
      results.push(await this.#execute(post.file, env, `post-${post.id}`, post.action))
    }
    this.posts = []
    return results
  }

  dispose() {
    rmSync(this.root, { recursive: true, force: true })
  }

  async #execute(file, env, id, action, wrap = [], cancel = undefined) {
    const files = {}
    for (const k of ['OUTPUT', 'ENV', 'STATE', 'PATH']) {
      files[k] = join(this.root, `${id}-${k.toLowerCase()}`)
      writeFileSync(files[k], '')
      env[`GITHUB_${k}`] = files[k]
    }
    writeFileSync(this.summaryFile, '')
    env.GITHUB_STEP_SUMMARY = this.summaryFile
    env.PATH = [...this.path, env.PATH ?? process.env.PATH].join(delimiter)
    const started = performance.now()
    const { code, stdout, stderr, signals } = await spawnNode(file, env, env.GITHUB_WORKSPACE, wrap, cancel)
    // The step's process alone, from its start to its end: what the runner reads afterwards is not its time.
    const ms = performance.now() - started
    const outputs = parseFileCommands(readFileSync(files.OUTPUT, 'utf8'))
    const exported = parseFileCommands(readFileSync(files.ENV, 'utf8'))
    const state = parseFileCommands(readFileSync(files.STATE, 'utf8'))
    Object.assign(this.env, exported)
    const added = readFileSync(files.PATH, 'utf8').split('\n').filter(Boolean)
    this.path.unshift(...added.reverse())
    const summary = existsSync(this.summaryFile) ? readFileSync(this.summaryFile, 'utf8') : ''
    this.summary += summary
    const commands = workflowCommands(stdout)
    return {
      action,
      id,
      code,
      ok: code === 0,
      stdout,
      stderr,
      outputs,
      exported,
      state,
      summary,
      errors: commands.filter(c => c.command === 'error').map(c => c.message),
      warnings: commands.filter(c => c.command === 'warning').map(c => c.message),
      masks: commands.filter(c => c.command === 'add-mask').map(c => c.message),
      signals,
      ms
    }
  }
}

/** `::error file=x,line=3::message` lines, honouring ::stop-commands::. */
export function workflowCommands(stdout) {
  const out = []
  let stopToken
  for (const line of stdout.split('\n')) {
    if (stopToken) {
      if (line === `::${stopToken}::`) stopToken = undefined
      continue
    }
    const m = /^::([a-z-]+)( [^:]*)?::(.*)$/.exec(line)
    if (!m) continue
    if (m[1] === 'stop-commands') {
      stopToken = m[3]
      continue
    }
    const props = Object.fromEntries(
      (m[2] ?? '')
        .trim()
        .split(',')
        .filter(Boolean)
        .map(p => p.split('='))
    )
    out.push({ command: m[1], props, message: unescapeData(m[3]) })
  }
  return out
}

const unescapeData = s => s.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')

function spawnNode(file, env, cwd, wrap, cancel) {
  return new Promise((resolve, reject) => {
    const [cmd, ...args] = [...wrap, process.execPath, file]
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    const signals = []
    const timers = []
    const send = signal => {
      if (child.exitCode !== null || child.signalCode !== null) return
      signals.push(signal)
      child.kill(signal)
    }
    child.stdout.on('data', d => {
      stdout += d
      if (process.env.RUNNER_ECHO) process.stdout.write(d)
      // The runner signals the step's own process only, not its children (ProcessInvoker).
      if (cancel && !signals.length && cancel.when.test(stdout)) {
        send(cancel.signal ?? 'SIGINT')
        timers.push(
          setTimeout(() => send('SIGTERM'), 7500),
          setTimeout(() => send('SIGKILL'), 10000)
        )
      }
    })
    child.stderr.on('data', d => {
      stderr += d
      if (process.env.RUNNER_ECHO) process.stderr.write(d)
    })
    child.on('error', reject)
    child.on('close', code => {
      timers.forEach(clearTimeout)
      resolve({ code: code ?? 1, stdout, stderr, signals })
    })
  })
}
