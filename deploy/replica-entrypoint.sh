#!/bin/sh
# The streaming replica: on first start, copy the primary with pg_basebackup -R (which writes
# standby.signal and primary_conninfo) through a replication slot, then run as a hot standby.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready --host=db --username=replicator --dbname=postgres; do sleep 1; done
  export PGPASSWORD="$REPLICATION_PASSWORD"
  pg_basebackup --host=db --username=replicator --pgdata="$PGDATA" \
    --write-recovery-conf --wal-method=stream --checkpoint=fast \
    --create-slot --slot=replica1 || pg_basebackup --host=db --username=replicator \
    --pgdata="$PGDATA" --write-recovery-conf --wal-method=stream --checkpoint=fast --slot=replica1
  chmod 0700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c hot_standby_feedback=on
