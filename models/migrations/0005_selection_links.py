from tortoise import migrations
from tortoise.migrations import operations as ops
from models.cases import CaseKind
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_selection')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Case',
            name='kind',
            field=fields.CharEnumField(default=CaseKind.VERIFICATION, description='VERIFICATION: VERIFICATION\nAUDIT_FINDING: AUDIT_FINDING\nFALSE_ACCUSATION: FALSE_ACCUSATION\nRETALIATION: RETALIATION\nCANVASSING: CANVASSING', enum_type=CaseKind, max_length=20),
        ),
        ops.AddField(
            model_name='Case',
            name='selection',
            field=fields.ForeignKeyField('models.Selection', source_field='selection_id', null=True, db_constraint=True, to_field='id', related_name='cases', on_delete=OnDelete.RESTRICT),
        ),
        ops.AlterModelOptions(
            name='InspectionFeedback',
            options={'table': 'inspection_feedback', 'app': 'models', 'pk_attr': 'id', 'table_description': 'S3: feedback received during the notice period; it may become a tip-off (`tipoff`).'},
        ),
        ops.AddField(
            model_name='InspectionFeedback',
            name='tipoff',
            field=fields.ForeignKeyField('models.Tipoff', source_field='tipoff_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT),
        ),
    ]
