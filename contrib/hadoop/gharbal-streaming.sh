#!/bin/sh
# gharbal as a Hadoop Streaming mapper or reducer over JSON Lines records (GUIDE.md, "Spark and
# Hadoop"). The binary comes with `-files gharbal` (it is then ./gharbal) or from $GHARBAL.
#
#   -mapper 'gharbal-streaming.sh clean --id-field url'   cleaned records; a record gharbal
#                                                         cannot clean comes out with `error`
#   -mapper 'gharbal-streaming.sh count'                  per-group line counts of the split
#   -reducer 'gharbal-streaming.sh merge'                 the counts merged (one reducer)
#
# Each step reads standard input and writes standard output, keeps no state between runs and
# exits nonzero only when gharbal cannot run at all (a usage error, a rules file that does not
# load), so a failed task is worth retrying only after fixing that, and a retried task writes
# what the first try wrote.
set -eu
gharbal=${GHARBAL:-./gharbal}
step=${1:-}
[ $# -gt 0 ] && shift
case $step in
    clean) exec "$gharbal" clean --input-format jsonl --format jsonl --on-error pass --quiet "$@" ;;
    count) exec "$gharbal" learn --input-format jsonl --emit-counts "$@" ;;
    merge) exec "$gharbal" learn --counts /dev/stdin --emit-counts "$@" ;;
    *)
        echo "gharbal-streaming.sh: say which step: clean, count or merge (got '$step')" >&2
        exit 2
        ;;
esac
