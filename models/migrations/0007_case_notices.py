from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_unit_path_prefix_index')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CaseNotice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='notices', on_delete=OnDelete.RESTRICT)),
                ('unit', fields.ForeignKeyField('models.OrgUnit', source_field='unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('cadre', fields.ForeignKeyField('models.Cadre', source_field='cadre_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'case_notice', 'app': 'models', 'indexes': [Index(fields=['unit_id', 'id'])], 'pk_attr': 'id', 'table_description': "D5: when a cadre's name is cleared, their committee is told, even when a superior decided"},
            bases=['Model'],
        ),
    ]
