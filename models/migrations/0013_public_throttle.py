from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0009_log_chains_meeting_fingerprint_claims')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ThrottleBucket',
            fields=[
                ('bucket', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('tokens', fields.FloatField()),
                ('at', fields.FloatField(description='Unix time of the last take, in seconds')),
                ('granted', fields.BooleanField(default=True, description='Whether the last take was granted')),
            ],
            options={'table': 'throttle_bucket', 'app': 'models', 'pk_attr': 'bucket', 'table_description': 'Rate-limit token buckets of the public operations (no addresses)'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SpentProof',
            fields=[
                ('digest', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('expires_at', fields.FloatField(description='Unix time after which the challenge is refused')),
            ],
            options={'table': 'spent_proof', 'app': 'models', 'pk_attr': 'digest', 'table_description': 'Proof-of-work challenges already used for a submission (no replay)'},
            bases=['Model'],
        ),
    ]
