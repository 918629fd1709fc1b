import { parseFileCommands, inputEnvName, workflowCommands } from '../../test-support/runner.mjs'

test('file commands: plain and heredoc values', () => {
  expect(parseFileCommands('a=1\nb<<ghadelimiter_x\nline1\nline2\nghadelimiter_x\nc=x=y\n')).toEqual({
    a: '1',
    b: 'line1\nline2',
    c: 'x=y'
  })
  expect(() => parseFileCommands('b<<D\nno end')).toThrow(/unterminated/)
})

test('input names: upper-cased, spaces to underscores, hyphens kept', () => {
  expect(inputEnvName('cache-from')).toBe('INPUT_CACHE-FROM')
  expect(inputEnvName('my input')).toBe('INPUT_MY_INPUT')
})

test('workflow commands honour stop-commands', () => {
  const out =
    '::error::one%0Atwo\n::stop-commands::tok\n::error::ignored\n::tok::\n::warning file=a,line=2::w'
  expect(workflowCommands(out)).toEqual([
    { command: 'error', props: {}, message: 'one\ntwo' },
    { command: 'warning', props: { file: 'a', line: '2' }, message: 'w' }
  ])
})
