#!/usr/bin/env python3
import os
import pwd


def drop_privs_to(username):
    pw = pwd.getpwnam(username)
    os.setgroups([])
    os.setgid(pw.pw_gid)
    os.setuid(pw.pw_uid)


os.system("chown -R mailer:mailer /data")
drop_privs_to("mailer")
os.execv("/usr/local/bin/gunicorn", ["gunicorn", "-b", "0.0.0.0:8080", "app:create_app()"])
