from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_case_notices')]

    initial = False

    operations = [
        ops.CreateModel(
            name='TipoffConcern',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tipoff', fields.ForeignKeyField('models.Tipoff', source_field='tipoff_id', db_constraint=True, to_field='id', related_name='concerns', on_delete=OnDelete.RESTRICT)),
                ('cadre', fields.ForeignKeyField('models.Cadre', source_field='cadre_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'tipoff_concern', 'app': 'models', 'unique_together': (('cadre_id', 'tipoff_id'),), 'pk_attr': 'id', 'table_description': 'J5: a cadre linked to a user account whom an unrouted tip-off may concern by what it names'},
            bases=['Model'],
        ),
    ]
