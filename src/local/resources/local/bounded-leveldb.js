// Loaded with `node --require` before dynalite (local/DynaliteProcess.java copies it beside the store).
//
// dynalite opens LevelDB with its defaults: up to 1,000 table files kept open, each memory-mapped. Under load its store
// holds several times its live data until compaction catches up (every job is a new item, written four or five times),
// and compaction reads every file it merges through those maps: the pages stay resident, so the node process's RSS
// grew with the store (846 MB of mapped files after a 57,000-job benchmark run). LevelDB unmaps a file when it leaves
// its table cache, whose size is max_open_files less the ten it keeps for its log and manifest: bounding it bounds what
// stays mapped (2 MB a table file) and the per-file index blocks held in memory. A file read again is opened again.
'use strict'

const path = require('path')

// LevelDB's least: 64 table files
const maxOpenFiles = 74
// resolved from dynalite's own directory, so that this is the module instance dynalite loads
const dynaliteDir = path.dirname(require.resolve(path.resolve(process.argv[1])))
const level = require(require.resolve('level', { paths: [dynaliteDir] }))
const Level = level.Level

level.Level = class BoundedLevel extends Level {
  constructor (location, options) {
    super(location, { ...options, maxOpenFiles })
  }
}
