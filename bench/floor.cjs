// The build step's floor: a node program that runs the buildx plugin with the step's argv and does
// nothing else (its output piped and dropped, its exit code passed on). What the step costs above this
// is its own work; what this costs above a bare `docker buildx build` is node against the docker CLI.
// CommonJS, as the action's bundles are. Usage: node floor.cjs <plugin> <args…>
const { spawn } = process.getBuiltinModule('node:child_process')

const [plugin, ...args] = process.argv.slice(2)
const child = spawn(plugin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
child.stdout.resume()
child.stderr.resume()
child.on('close', code => {
  process.exitCode = code ?? 1
})
