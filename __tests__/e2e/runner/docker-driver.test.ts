import { engineEnv } from '../../../test-support/engine.js'
import { dockerDriverTests } from '../shared/docker-driver.js'

dockerDriverTests(engineEnv('runner'))
