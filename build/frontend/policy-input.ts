// The `policy` input read into the rules to check (before anything runs). Apart from the checks themselves
// (policy.ts, with the Dockerfile parser and shell lexer): a build without a policy starts without them.
import { InputError } from '../../lib/errors.js'
import { parseList } from '../../lib/inputs.js'
import { RULES, type RuleName } from '../model.js'

const ACCEPTED = `off | strict | a comma list of ${RULES.join(', ')}; with strict, '-<rule>' drops one (strict,-no-heredocs)`

/** `off` (or empty) | `strict` | `no-network,no-security` | `strict,-no-heredocs` → the rules to check. */
export function parsePolicy(value: string, inputName: string): Set<RuleName> {
  const items = parseList(value, true, inputName).map(s => s.toLowerCase())
  if (items.length === 0 || (items.length === 1 && items[0] === 'off')) return new Set()
  const strict = items.includes('strict')
  const rules = new Set<RuleName>(strict ? RULES : [])
  const added = new Set<string>()
  const removed = new Set<string>()
  for (const item of items) {
    if (item === 'strict') continue
    const name = item.replace(/^-/, '')
    if (item === 'off' || !(RULES as readonly string[]).includes(name))
      throw new InputError(inputName, item, ACCEPTED)
    if (item.startsWith('-')) {
      if (!strict) throw new InputError(inputName, value, `'${item}' only with strict; ${ACCEPTED}`)
      removed.add(name)
      rules.delete(name as RuleName)
    } else {
      added.add(name)
      rules.add(name as RuleName)
    }
  }
  const both = [...added].find(n => removed.has(n))
  if (both) throw new InputError(inputName, value, `'${both}' either on or off, not both; ${ACCEPTED}`)
  return rules
}
