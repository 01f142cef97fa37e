from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint

class Migration(migrations.Migration):
    dependencies = [('models', '0011_file_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RequestClaim',
            fields=[
                ('fingerprint', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('claimed_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'request_claim', 'app': 'models', 'pk_attr': 'fingerprint', 'table_description': 'Decisions being made or just made, for refusing their duplicates'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='AccessLogEntry',
            name='hash',
            field=fields.CharField(max_length=64),
        ),
        ops.AlterField(
            model_name='AccessLogEntry',
            name='prev_hash',
            field=fields.CharField(max_length=64),
        ),
        ops.AddField(
            model_name='AccessLogEntry',
            name='seq',
            field=fields.BigIntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='AccessLogEntry',
            name='writer',
            field=fields.CharField(default='', db_default='', max_length=64),
        ),
        # Entries written before this migration form the legacy chain (writer ""), in id order.
        ops.RunSQL("UPDATE access_log SET seq = id WHERE writer = ''", reverse_sql=""),
        ops.AddConstraint(
            model_name='AccessLogEntry',
            constraint=UniqueConstraint(fields=('writer', 'seq'), name=None),
        ),
        ops.AddField(
            model_name='DecisionMeeting',
            name='fingerprint',
            field=fields.CharField(null=True, unique=True, max_length=64),
        ),
    ]
