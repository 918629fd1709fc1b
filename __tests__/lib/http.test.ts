// The proxy a cache-service request takes, as the runner's toolkit reads the environment.
import { http, proxyFor } from '../../lib/http.js'
import { createServer } from 'node:http'

const url = (u: string) => new URL(u)

test.each([
  ['https://results.example/x', { https_proxy: 'http://proxy:3128' }, 'http://proxy:3128/'],
  ['https://results.example/x', { HTTPS_PROXY: 'proxy:3128' }, 'http://proxy:3128/'],
  ['http://cache.example/x', { http_proxy: 'http://p:8080' }, 'http://p:8080/'],
  ['http://cache.example/x', { https_proxy: 'http://p:8080' }, undefined],
  ['https://results.example/x', { https_proxy: 'http://p', no_proxy: 'example' }, undefined],
  ['https://results.example/x', { https_proxy: 'http://p', no_proxy: '.example' }, undefined],
  ['https://results.example/x', { https_proxy: 'http://p', no_proxy: 'results.example:443' }, undefined],
  ['https://results.example/x', { https_proxy: 'http://p', no_proxy: 'other.example, *' }, undefined],
  ['https://results.example/x', { https_proxy: 'http://p', no_proxy: 'ample' }, 'http://p/'],
  ['http://127.0.0.1:9/x', { http_proxy: 'http://p' }, undefined]
])('proxyFor(%s, %j) = %s', (u, env, want) => expect(proxyFor(url(u), env)?.href).toBe(want))

test('http: status, headers and body of one request; the body sent with its length', async () => {
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', c => (body += c))
    req.on('end', () => {
      res.writeHead(201, { 'x-got': `${req.method} ${req.headers['content-length']} ${body}` })
      res.end('answer')
    })
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as { port: number }
  const res = await http(`http://127.0.0.1:${port}/p`, { method: 'PUT', body: 'hello' })
  server.close()
  expect([res.status, res.headers['x-got'], res.body.toString()]).toEqual([201, 'PUT 5 hello', 'answer'])
})
