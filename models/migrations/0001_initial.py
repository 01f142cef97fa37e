from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from models.cadres import CadreRank, CadreStatus, Gender
from models.units import UnitKind


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='AccessLogEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.CharField(db_index=True, max_length=32)),
                ('user_id', fields.IntField(null=True)),
                ('username', fields.CharField(default='', max_length=64)),
                ('roles', fields.CharField(default='', max_length=500)),
                ('action', fields.CharField(max_length=64)),
                ('resource', fields.CharField(max_length=64)),
                ('record_ids', fields.TextField(default='', unique=False)),
                ('detail', fields.TextField(default='', unique=False)),
                ('prev_hash', fields.CharField(unique=True, max_length=64)),
                ('hash', fields.CharField(unique=True, max_length=64)),
            ],
            options={'table': 'access_log', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OrgUnit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('kind', fields.CharEnumField(description='CITY_COMMITTEE: CITY_COMMITTEE\nCOUNTY_COMMITTEE: COUNTY_COMMITTEE\nTOWNSHIP: TOWNSHIP\nCITY_DEPARTMENT: CITY_DEPARTMENT\nSTATE_ENTERPRISE: STATE_ENTERPRISE\nDISCIPLINE_COMMISSION: DISCIPLINE_COMMISSION\nAUDIT_BUREAU: AUDIT_BUREAU', enum_type=UnitKind, max_length=32)),
                ('parent', fields.ForeignKeyField('models.OrgUnit', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
                ('path', fields.CharField(db_index=True, max_length=255)),
                ('depth', fields.SmallIntField(default=0)),
                ('is_jurisdiction', fields.BooleanField(default=False)),
            ],
            options={'table': 'org_unit', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Cadre',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('name', fields.CharField(max_length=64)),
                ('name_pinyin', fields.CharField(default='', max_length=128)),
                ('name_initials', fields.CharField(default='', max_length=32)),
                ('gender', fields.CharEnumField(description='MALE: MALE\nFEMALE: FEMALE', enum_type=Gender, max_length=8)),
                ('birth_date', fields.DateField(null=True)),
                ('post', fields.CharField(max_length=200)),
                ('rank', fields.CharEnumField(description='BUREAU_CHIEF: BUREAU_CHIEF\nDEPUTY_BUREAU_CHIEF: DEPUTY_BUREAU_CHIEF\nDIVISION_CHIEF: DIVISION_CHIEF\nDEPUTY_DIVISION_CHIEF: DEPUTY_DIVISION_CHIEF\nSECTION_CHIEF: SECTION_CHIEF\nDEPUTY_SECTION_CHIEF: DEPUTY_SECTION_CHIEF\nSTAFF: STAFF', enum_type=CadreRank, max_length=32)),
                ('is_top_leader', fields.BooleanField(default=False)),
                ('manages_funds', fields.BooleanField(default=False)),
                ('managing_unit', fields.ForeignKeyField('models.OrgUnit', source_field='managing_unit_id', db_constraint=True, to_field='id', related_name='managed_cadres', on_delete=OnDelete.RESTRICT)),
                ('work_unit', fields.ForeignKeyField('models.OrgUnit', source_field='work_unit_id', db_constraint=True, to_field='id', related_name='working_cadres', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharEnumField(default=CadreStatus.IN_OFFICE, description='IN_OFFICE: IN_OFFICE\nRETIRED: RETIRED\nLEFT: LEFT', enum_type=CadreStatus, max_length=16)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'cadre', 'app': 'models', 'indexes': [Index(fields=['managing_unit_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=64)),
                ('display_name', fields.CharField(default='', max_length=100)),
                ('cadre', fields.ForeignKeyField('models.Cadre', source_field='cadre_id', null=True, db_constraint=True, to_field='id', related_name='users', on_delete=OnDelete.SET_NULL)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('deactivated_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'app_user', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RoleAssignment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='role_assignments', on_delete=OnDelete.RESTRICT)),
                ('role', fields.CharField(max_length=32)),
                ('unit', fields.ForeignKeyField('models.OrgUnit', source_field='unit_id', db_constraint=True, to_field='id', related_name='role_assignments', on_delete=OnDelete.RESTRICT)),
                ('granted_by', fields.ForeignKeyField('models.User', source_field='granted_by_id', null=True, db_constraint=True, to_field='id', related_name='granted_assignments', on_delete=OnDelete.RESTRICT)),
                ('granted_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('revoked_by', fields.ForeignKeyField('models.User', source_field='revoked_by_id', null=True, db_constraint=True, to_field='id', related_name='revoked_assignments', on_delete=OnDelete.RESTRICT)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'role_assignment', 'app': 'models', 'indexes': [Index(fields=['user_id', 'revoked_at'])], 'pk_attr': 'id', 'table_description': 'A role held in a unit. Never deleted: a revocation stamps `revoked_at`.'},
            bases=['Model'],
        ),
    ]
