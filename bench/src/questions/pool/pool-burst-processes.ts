// BENCHMARKS.md, @skein/pool: "100k tiny tasks submitted at once (tasks/s)", process pools.
import { BURST, burstContender, burstQuestion } from './burst.js';
import { peers } from './peers.js';
import { pythonMissing, runPythonPeer } from './python.js';

const SKEIN = peers.skeinProcesses.name;
const PYTHON = 'Python ProcessPoolExecutor';

export const poolBurstProcesses = burstQuestion({
  name: 'pool-burst-processes',
  title: '100k tiny tasks submitted at once, process pools (tasks/s)',
  reference: peers.tinypoolProcess.name,
  targets: [
    {
      contender: SKEIN,
      metric: 'rate',
      level: 'must',
      factor: 1.5,
      ref: peers.poolifierCluster.name,
    },
  ],
  notes: `poolifier's FixedClusterPool, the reference of BENCHMARKS.md's target (85k tasks/s there, so 1.5× = 128k), does not answer on this machine: its row is skipped and the table's ratios are to tinypool child_process. Each sample starts a fresh pool (not timed). Every contender checks that task i answered i. Python: \`python3 bench/python/pool-peer.py burst ${BURST}\`, a ProcessPoolExecutor(2) (fork) warmed with 8 tasks, timing submit of every future and result() of each, inside Python.`,
  async setup() {
    const python = pythonMissing();
    return [
      burstContender(peers.skeinProcesses),
      burstContender(peers.poolifierCluster),
      burstContender(peers.tinypoolProcess),
      burstContender(peers.workerpoolProcess),
      {
        name: PYTHON,
        kind: 'peer',
        ...(python === undefined ? {} : { unavailable: python }),
        async sample() {
          const { ns } = await runPythonPeer('burst', BURST);
          return { rate: (BURST * 1e9) / ns! };
        },
      },
    ];
  },
});
