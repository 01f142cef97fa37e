from tortoise import migrations
from tortoise.migrations import operations as ops
from models.cases import CaseKind, CaseOutcome, CaseStatus, FindingAssessment
from models.tipoffs import DeadlineBasis, TipoffChannel, TipoffStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_audits')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Case',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(default=CaseKind.VERIFICATION, description='VERIFICATION: VERIFICATION\nAUDIT_FINDING: AUDIT_FINDING\nFALSE_ACCUSATION: FALSE_ACCUSATION\nRETALIATION: RETALIATION', enum_type=CaseKind, max_length=20)),
                ('cadre', fields.ForeignKeyField('models.Cadre', source_field='cadre_id', null=True, db_constraint=True, to_field='id', related_name='cases', on_delete=OnDelete.RESTRICT)),
                ('jurisdiction', fields.ForeignKeyField('models.OrgUnit', source_field='jurisdiction_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('original_jurisdiction', fields.ForeignKeyField('models.OrgUnit', source_field='original_jurisdiction_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('referred_to', fields.ForeignKeyField('models.OrgUnit', source_field='referred_to_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=CaseStatus.OPEN, description='OPEN: OPEN\nINVESTIGATING: INVESTIGATING\nFINDINGS_RECORDED: FINDINGS_RECORDED\nDECIDED: DECIDED\nREFERRED: REFERRED', enum_type=CaseStatus, max_length=20)),
                ('summary', fields.TextField(default='', unique=False)),
                ('parent_case', fields.ForeignKeyField('models.Case', source_field='parent_case_id', null=True, db_constraint=True, to_field='id', related_name='matters', on_delete=OnDelete.RESTRICT)),
                ('source_finding', fields.ForeignKeyField('models.AuditFinding', source_field='source_finding_id', null=True, db_constraint=True, to_field='id', related_name='cases', on_delete=OnDelete.RESTRICT)),
                ('opened_by', fields.ForeignKeyField('models.User', source_field='opened_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('opened_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('conclusion_due', fields.DateField()),
                ('outcome', fields.CharEnumField(null=True, description='NAME_CLEARED: NAME_CLEARED\nFOUNDED: FOUNDED\nPARTLY_FOUNDED: PARTLY_FOUNDED\nFALSE_ACCUSATION: FALSE_ACCUSATION\nRETALIATION: RETALIATION', enum_type=CaseOutcome, max_length=20)),
                ('measures', fields.CharField(default='', max_length=400)),
                ('decision_reason', fields.TextField(default='', unique=False)),
                ('decided_by', fields.ForeignKeyField('models.User', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('informed_unit', fields.ForeignKeyField('models.OrgUnit', source_field='informed_unit_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('takeover_reason', fields.TextField(default='', unique=False)),
                ('referral_reason', fields.TextField(default='', unique=False)),
                ('version', fields.IntField(default=0)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'supervision_case', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['referred_to_id', 'id']), Index(fields=['cadre_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseFinding',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='findings', on_delete=OnDelete.RESTRICT)),
                ('assessment', fields.CharEnumField(description='SUBSTANTIATED: SUBSTANTIATED\nPARTLY_SUBSTANTIATED: PARTLY_SUBSTANTIATED\nUNSUBSTANTIATED: UNSUBSTANTIATED\nSERIOUSLY_UNTRUE: SERIOUSLY_UNTRUE', enum_type=FindingAssessment, max_length=24)),
                ('facts', fields.TextField(unique=False)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'case_finding', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseInvestigator',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='investigators', on_delete=OnDelete.RESTRICT)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('assigned_by', fields.ForeignKeyField('models.User', source_field='assigned_by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('assigned_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'case_investigator', 'app': 'models', 'unique_together': (('case_id', 'user_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Tipoff',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('channel', fields.CharEnumField(description='PHONE: PHONE\nLETTER: LETTER\nVISIT: VISIT\nONLINE: ONLINE\nREFERRAL: REFERRAL', enum_type=TipoffChannel, max_length=16)),
                ('content', fields.TextField(unique=False)),
                ('source_department', fields.CharField(default='', max_length=200)),
                ('subject_cadre', fields.ForeignKeyField('models.Cadre', source_field='subject_cadre_id', null=True, db_constraint=True, to_field='id', related_name='tipoffs', on_delete=OnDelete.RESTRICT)),
                ('subject_name', fields.CharField(default='', max_length=100)),
                ('subject_post', fields.CharField(default='', max_length=200)),
                ('subject_unit_text', fields.CharField(default='', max_length=200)),
                ('jurisdiction', fields.ForeignKeyField('models.OrgUnit', source_field='jurisdiction_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('receiving_unit', fields.ForeignKeyField('models.OrgUnit', source_field='receiving_unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('reporter_name_enc', fields.TextField(null=True, unique=False)),
                ('reporter_contact_enc', fields.TextField(null=True, unique=False)),
                ('receipt_lookup', fields.CharField(null=True, unique=True, max_length=16)),
                ('receipt_hash', fields.CharField(null=True, max_length=200)),
                ('status', fields.CharEnumField(default=TipoffStatus.RECEIVED, description='RECEIVED: RECEIVED\nROUTED: ROUTED\nIN_CASE: IN_CASE\nCONCLUDED: CONCLUDED', enum_type=TipoffStatus, max_length=16)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', null=True, db_constraint=True, to_field='id', related_name='tipoffs', on_delete=OnDelete.SET_NULL)),
                ('registered_by', fields.ForeignKeyField('models.User', source_field='registered_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('received_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('routed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('acknowledged_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('routing_due', fields.DateField()),
                ('acknowledgement_due', fields.DateField(null=True)),
                ('deadline_basis', fields.CharEnumField(description='OFFICIAL_CALENDAR: OFFICIAL_CALENDAR\nWEEKDAYS_FALLBACK: WEEKDAYS_FALLBACK', enum_type=DeadlineBasis, max_length=20)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'tipoff', 'app': 'models', 'indexes': [Index(fields=['jurisdiction_id', 'id']), Index(fields=['subject_cadre_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TipoffMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tipoff', fields.ForeignKeyField('models.Tipoff', source_field='tipoff_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.RESTRICT)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('body', fields.TextField(unique=False)),
                ('from_reporter', fields.BooleanField()),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'tipoff_message', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TipoffReveal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tipoff', fields.ForeignKeyField('models.Tipoff', source_field='tipoff_id', db_constraint=True, to_field='id', related_name='reveals', on_delete=OnDelete.RESTRICT)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('reason', fields.TextField(unique=False)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'tipoff_reveal', 'app': 'models', 'indexes': [Index(fields=['tipoff_id', 'user_id'])], 'pk_attr': 'id', 'table_description': "J6: one reveal of a reporter's identity to one user, with the reason given."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='TipoffTransfer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tipoff', fields.ForeignKeyField('models.Tipoff', source_field='tipoff_id', db_constraint=True, to_field='id', related_name='transfers', on_delete=OnDelete.RESTRICT)),
                ('from_unit', fields.ForeignKeyField('models.OrgUnit', source_field='from_unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('to_unit', fields.ForeignKeyField('models.OrgUnit', source_field='to_unit_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('reason', fields.TextField(unique=False)),
                ('by', fields.ForeignKeyField('models.User', source_field='by_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.RESTRICT)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'tipoff_transfer', 'app': 'models', 'pk_attr': 'id', 'table_description': '转办: a tip-off handed to another jurisdiction, with who, when and why.'},
            bases=['Model'],
        ),
    ]
