#!/bin/sh
# gharbal as a Hadoop Streaming mapper or reducer over JSON Lines records (GUIDE.md, "Spark and
# Hadoop"). The binary comes with `-files gharbal` (it is then ./gharbal) or from $GHARBAL.
#
#   -mapper 'gharbal-streaming.sh clean --id-field url'   cleaned records; a record gharbal
#                                                         cannot clean comes out with `error`
#   -mapper 'gharbal-streaming.sh count'                  per-group line counts of the split
#   -reducer 'gharbal-streaming.sh merge'                 the counts merged (one reducer)
#
# Each step runs gharbal with -j "${GHARBAL_THREADS:-1}": a map task gets one core unless the job
# asks for more (mapreduce.map.cpu.vcores), and gharbal's default would take every core of the
# node in every task. The count step's map never evicts (it writes its counts out when full), so
# its counts are exact. Records out are the job's "Map output records" counter: no need to read
# the output again.
#
# Each step reads standard input and writes standard output, keeps no state between runs and
# exits nonzero only when gharbal cannot run at all (a usage error, a rules file that does not
# load), so a failed task is worth retrying only after fixing that, and a retried task writes
# what the first try wrote.
set -eu
gharbal=${GHARBAL:-./gharbal}
threads=${GHARBAL_THREADS:-1}
step=${1:-}
[ $# -gt 0 ] && shift
case $step in
    clean) exec "$gharbal" clean --input-format jsonl --format jsonl --on-error pass --quiet -j "$threads" "$@" ;;
    count) exec "$gharbal" learn --input-format jsonl --emit-counts -j "$threads" "$@" ;;
    merge) exec "$gharbal" learn --counts /dev/stdin --emit-counts -j "$threads" "$@" ;;
    *)
        echo "gharbal-streaming.sh: say which step: clean, count or merge (got '$step')" >&2
        exit 2
        ;;
esac
