// Releases vX.Y.Z from a clean, packaged tree: tags vX.Y.Z at HEAD, moves the major tag vX to it and
// writes the release notes from CHANGELOG.md's section of that version.
//
//   node scripts/release.mjs X.Y.Z [--from-unreleased] [--push <remote>] [--notes-file <path>]
//
// --from-unreleased  moves CHANGELOG.md's Unreleased section to X.Y.Z (dated today), sets package.json's
//                    version and commits that before tagging.
// --push <remote>    pushes the release commit (with --from-unreleased), vX.Y.Z and vX (forced) there.
// --notes-file       where the notes go (default: stdout).
//
// It refuses, in one line and before changing anything: a version not X.Y.Z; a dirty tree; vX.Y.Z
// already tagged (here or on the remote); a version not above every vX.* release; a workflow or example
// whose `uses: org/build…@ref` names another major than vX (our actions and our workflows move
// together); a CHANGELOG.md without that version's section; a package.json of another version; a stale
// dist/ (the repository's own `npm run package:check`).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import semver from 'semver'

const OWN_ACTION = /^\s*-?\s*uses:\s*['"]?(org\/build(?:\/[^@\s'"]*)?)@([^\s'"#]+)/
const SCANNED_DIRS = ['.github/workflows', 'examples']

class Refusal extends Error {}

function release(argv, cwd = process.cwd()) {
  const { values, positionals } = parseOptions(argv)
  const version = positionals[0] ?? ''
  if (positionals.length !== 1 || !/^\d+\.\d+\.\d+$/.test(version) || !semver.valid(version)) {
    throw new Refusal(`version: got '${positionals.join(' ')}'; accepted: one X.Y.Z (e.g. 1.2.3)`)
  }
  const tag = `v${version}`
  const major = `v${semver.major(version)}`
  const remote = values.push
  const git = (...args) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trimEnd()

  const dirty = git('status', '--porcelain')
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean)
  if (dirty.length) throw new Refusal(`the working tree is not clean: ${dirty.join('; ')}`)

  // The remote's tags are the truth: a local vX left behind by an older fetch is updated, not refused.
  if (remote) git('fetch', '--quiet', '--tags', '--force', remote)
  const tags = git('tag', '--list', 'v*').split('\n').filter(Boolean)
  if (tags.includes(tag)) throw new Refusal(`${tag} exists already (at ${git('rev-list', '-n1', tag)})`)
  const newer = tags.filter(
    t => semver.valid(t) && semver.major(t) === semver.major(version) && semver.gte(t, version)
  )
  if (newer.length)
    throw new Refusal(`${tag} is not above ${semver.rsort(newer)[0]}: ${major} would move backwards`)

  checkOwnUses(cwd, major)

  const changelogPath = join(cwd, 'CHANGELOG.md')
  const prepare = values['from-unreleased']
  const today = new Date().toISOString().slice(0, 10)
  const changelog = readFileSync(changelogPath, 'utf8')
  const released = prepare ? unreleasedTo(changelog, version, today) : changelog
  const notes = changelogSection(released, version)
  const pkgVersion = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).version
  if (!prepare && pkgVersion !== version) {
    throw new Refusal(`package.json is at ${pkgVersion}, not ${version} (--from-unreleased sets it)`)
  }

  try {
    execFileSync('npm', ['run', '--silent', 'package:check'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
  } catch (err) {
    throw new Refusal(`dist/ does not match the sources (npm run package:check): ${firstLine(err.stderr)}`)
  }

  if (prepare) {
    writeFileSync(changelogPath, released)
    execFileSync('npm', ['version', version, '--no-git-tag-version', '--allow-same-version'], {
      cwd,
      stdio: 'ignore'
    })
    git(
      'add',
      '--',
      'CHANGELOG.md',
      'package.json',
      ...(existsSync(join(cwd, 'package-lock.json')) ? ['package-lock.json'] : [])
    )
    git('commit', '--quiet', '-m', `Release ${version}`)
  }
  git('tag', '-a', '--cleanup=verbatim', tag, '-m', `${tag}\n\n${notes}`)
  git('tag', '--force', major, `${tag}^{commit}`)
  if (remote) {
    if (prepare) git('push', '--quiet', remote, 'HEAD')
    git('push', '--quiet', remote, `refs/tags/${tag}`)
    git('push', '--quiet', '--force', remote, `refs/tags/${major}`)
  }
  if (values['notes-file']) writeFileSync(values['notes-file'], `${notes}\n`)
  else process.stdout.write(`${notes}\n`)
  return { tag, major, commit: git('rev-parse', 'HEAD'), notes }
}

function parseOptions(argv) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'from-unreleased': { type: 'boolean', default: false },
        push: { type: 'string' },
        'notes-file': { type: 'string' }
      }
    })
  } catch (err) {
    throw new Refusal(
      `${err.message}; usage: release.mjs X.Y.Z [--from-unreleased] [--push <remote>] [--notes-file <path>]`
    )
  }
}

// Every `uses: org/build…@ref` in the workflows and examples must name the major being released.
function checkOwnUses(cwd, major) {
  for (const dir of SCANNED_DIRS) {
    if (!existsSync(join(cwd, dir))) continue
    for (const file of readdirSync(join(cwd, dir)).filter(f => /\.ya?ml$/.test(f))) {
      const lines = readFileSync(join(cwd, dir, file), 'utf8').split('\n')
      lines.forEach((line, i) => {
        const m = OWN_ACTION.exec(line)
        if (m && !(m[2] === major || m[2].startsWith(`${major}.`))) {
          throw new Refusal(`${dir}/${file}:${i + 1} uses ${m[1]}@${m[2]}, this release moves ${major}`)
        }
      })
    }
  }
}

// The body of `## [version]` up to the next `## ` heading, trimmed.
function changelogSection(changelog, version) {
  const sections = changelog.split(/^(?=## )/m)
  const section = sections.find(s => new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`).test(s))
  const body = section?.replace(/^.*\n/, '').trim()
  if (!body) throw new Refusal(`CHANGELOG.md has no entries under ## [${version}]`)
  return body
}

// Unreleased becomes `## [version] - date`, and a new empty Unreleased goes above it.
function unreleasedTo(changelog, version, date) {
  const heading = /^## \[Unreleased\][^\n]*\n/m
  if (!heading.test(changelog)) throw new Refusal('CHANGELOG.md has no ## [Unreleased] section')
  if (changelog.includes(`## [${version}]`))
    throw new Refusal(`CHANGELOG.md has a ## [${version}] section already`)
  return changelog.replace(heading, `## [Unreleased]\n\n## [${version}] - ${date}\n`)
}

// The check's own first line says what is wrong (a diff summary may follow).
const firstLine = text =>
  String(text ?? '')
    .trim()
    .split('\n')[0]

try {
  const { tag, major, commit } = release(process.argv.slice(2))
  console.error(`released ${tag} at ${commit}; ${major} moved to it`)
} catch (err) {
  if (!(err instanceof Refusal)) throw err
  console.error(`release: ${err.message}`)
  process.exit(1)
}
