from tortoise import migrations
from tortoise.migrations import operations as ops
from models.audits import AuditKind, AuditRating, AuditStatus, FindingSeverity, PlanStatus, RectificationStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditPlan',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('year', fields.SmallIntField()),
                ('unit', fields.ForeignKeyField('models.OrgUnit', source_field='unit_id', db_constraint=True, to_field='id', related_name='audit_plans', on_delete=OnDelete.RESTRICT)),
                ('share', fields.DecimalField(max_digits=5, decimal_places=4)),
                ('status', fields.CharEnumField(default=PlanStatus.PROPOSED, description='PROPOSED: PROPOSED\nAPPROVED: APPROVED', enum_type=PlanStatus, max_length=16)),
                ('proposed_by', fields.ForeignKeyField('models.User', source_field='proposed_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('approved_by', fields.ForeignKeyField('models.User', source_field='approved_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('approved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'audit_plan', 'app': 'models', 'unique_together': (('year', 'unit_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditPlanItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('plan', fields.ForeignKeyField('models.AuditPlan', source_field='plan_id', db_constraint=True, to_field='id', related_name='items', on_delete=OnDelete.CASCADE)),
                ('cadre', fields.ForeignKeyField('models.Cadre', source_field='cadre_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField()),
                ('reason', fields.TextField(unique=False)),
                ('included', fields.BooleanField(default=True)),
                ('adjusted_by', fields.ForeignKeyField('models.User', source_field='adjusted_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'audit_plan_item', 'app': 'models', 'unique_together': (('plan_id', 'cadre_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditCommission',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('cadre', fields.ForeignKeyField('models.Cadre', source_field='cadre_id', db_constraint=True, to_field='id', related_name='audit_commissions', on_delete=OnDelete.RESTRICT)),
                ('managing_unit', fields.ForeignKeyField('models.OrgUnit', source_field='managing_unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('addressed_unit', fields.ForeignKeyField('models.OrgUnit', source_field='addressed_unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='IN_TERM: IN_TERM\nDEPARTURE: DEPARTURE', enum_type=AuditKind, max_length=16)),
                ('status', fields.CharEnumField(default=AuditStatus.COMMISSIONED, description='COMMISSIONED: COMMISSIONED\nACCEPTED: ACCEPTED\nIN_PROGRESS: IN_PROGRESS\nRESULT_SUBMITTED: RESULT_SUBMITTED\nFEEDBACK_GIVEN: FEEDBACK_GIVEN\nCLOSED: CLOSED', enum_type=AuditStatus, max_length=20)),
                ('period_start', fields.DateField()),
                ('period_end', fields.DateField()),
                ('due_date', fields.DateField()),
                ('plan_item', fields.ForeignKeyField('models.AuditPlanItem', source_field='plan_item_id', null=True, db_constraint=True, to_field='id', related_name='commissions', on_delete=OnDelete.SET_NULL)),
                ('commissioned_by', fields.ForeignKeyField('models.User', source_field='commissioned_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'audit_commission', 'app': 'models', 'indexes': [Index(fields=['addressed_unit_id', 'id']), Index(fields=['managing_unit_id', 'id']), Index(fields=['cadre_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditFeedback',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('commission', fields.OneToOneField('models.AuditCommission', source_field='commission_id', db_constraint=True, to_field='id', related_name='feedback', on_delete=OnDelete.RESTRICT)),
                ('discussed_on', fields.DateField()),
                ('notes', fields.TextField(unique=False)),
                ('recorded_by', fields.ForeignKeyField('models.User', source_field='recorded_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('recorded_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'audit_feedback', 'app': 'models', 'pk_attr': 'id', 'table_description': 'D7: the result was discussed with the cadre.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditResult',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('commission', fields.OneToOneField('models.AuditCommission', source_field='commission_id', db_constraint=True, to_field='id', related_name='result', on_delete=OnDelete.RESTRICT)),
                ('rating', fields.CharEnumField(description='GOOD: GOOD\nFAIRLY_GOOD: FAIRLY_GOOD\nAVERAGE: AVERAGE\nPOOR: POOR', enum_type=AuditRating, max_length=16)),
                ('summary', fields.TextField(unique=False)),
                ('idempotency_key', fields.CharField(max_length=128)),
                ('content_hash', fields.CharField(max_length=64)),
                ('submitted_by', fields.ForeignKeyField('models.User', source_field='submitted_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'audit_result', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditFinding',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('result', fields.ForeignKeyField('models.AuditResult', source_field='result_id', db_constraint=True, to_field='id', related_name='findings', on_delete=OnDelete.RESTRICT)),
                ('position', fields.SmallIntField()),
                ('severity', fields.CharEnumField(description='MINOR: MINOR\nSIGNIFICANT: SIGNIFICANT\nSERIOUS: SERIOUS', enum_type=FindingSeverity, max_length=16)),
                ('category', fields.CharField(max_length=100)),
                ('description', fields.TextField(unique=False)),
                ('amount', fields.DecimalField(null=True, max_digits=16, decimal_places=2)),
            ],
            options={'table': 'audit_finding', 'app': 'models', 'unique_together': (('result_id', 'position'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RectificationItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('finding', fields.ForeignKeyField('models.AuditFinding', source_field='finding_id', db_constraint=True, to_field='id', related_name='rectifications', on_delete=OnDelete.RESTRICT)),
                ('owner', fields.CharField(max_length=100)),
                ('description', fields.TextField(unique=False)),
                ('due_date', fields.DateField()),
                ('status', fields.CharEnumField(default=RectificationStatus.OPEN, description='OPEN: OPEN\nDONE: DONE', enum_type=RectificationStatus, max_length=8)),
                ('completion_note', fields.TextField(default='', unique=False)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'rectification_item', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
