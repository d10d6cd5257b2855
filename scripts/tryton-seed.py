#!/usr/bin/python3
"""Seeds a Tryton database initialised with analytic_account for ERP Integrations.

Creates a company (its party and currency), makes it the admin user's company, and an analytic root
holding the given job view accounts. Used by scripts/tryton-demo.sh and by the Tryton connector's tests.

usage: tryton-seed.py CONFIG DATABASE COMPANY ROOT_CODE [--user LOGIN:PASSWORD]... JOB_CODE=NAME... [JOB_CODE/CODE=NAME]...

Each --user is a further user of the company with the admin user's groups. JOB_CODE/CODE=NAME is an account entered
in Tryton under a job (a sub job that ERP Integrations did not export: one to import).
"""
import sys

from trytond.config import config

config.update_etc(sys.argv[1])

from trytond.pool import Pool  # noqa: E402  (the configuration must be loaded first)
from trytond.transaction import Transaction  # noqa: E402

database, company_name, root_code = sys.argv[2:5]
arguments = sys.argv[5:]
users = [arguments[i + 1].split(':', 1) for i, a in enumerate(arguments) if a == '--user']
jobs = [a.split('=', 1) for i, a in enumerate(arguments) if a != '--user' and (i == 0 or arguments[i - 1] != '--user')]

Pool.start()
pool = Pool(database)
pool.init()

with Transaction().start(database, 0, context={'active_test': False}) as transaction:
    Party = pool.get('party.party')
    Currency = pool.get('currency.currency')
    Company = pool.get('company.company')
    User = pool.get('res.user')
    Account = pool.get('analytic_account.account')

    currency, = Currency.create([{'name': 'US Dollar', 'code': 'USD', 'symbol': '$'}])
    party, = Party.create([{'name': company_name}])
    company, = Company.create([{'party': party.id, 'currency': currency.id}])
    admin, = User.search([('login', '=', 'admin')])
    User.write([admin], {'companies': [('add', [company.id])], 'company': company.id})
    if users:
        User.create([{
            'name': login.capitalize(), 'login': login, 'password': password, 'companies': [('add', [company.id])],
            'company': company.id, 'groups': [('add', [g.id for g in admin.groups])],
        } for login, password in users])

    root, = Account.create([{
        'name': 'Jobs', 'code': root_code, 'type': 'root', 'state': 'opened', 'company': company.id,
    }])
    created = Account.create([{
        'name': name, 'code': code, 'type': 'view', 'state': 'opened', 'company': company.id,
        'root': root.id, 'parent': root.id,
    } for code, name in jobs if '/' not in code])
    by_code = {job.code: job for job in created}
    entered_in_tryton = [{
        'name': name, 'code': code.split('/', 1)[1], 'type': 'view', 'state': 'opened', 'company': company.id,
        'root': root.id, 'parent': by_code[code.split('/', 1)[0]].id,
    } for code, name in jobs if '/' in code]
    if entered_in_tryton:
        Account.create(entered_in_tryton)
    transaction.commit()
