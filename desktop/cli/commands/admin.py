"""``init``, ``user``, ``settings``: setting up the installation and its people."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli.runtime import Runtime
from desktop.domain.enums import Role
from desktop.domain.errors import ValidationError
from desktop.services import settings_service, users
from desktop.services.seed import seed_defaults


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create or migrate the database and the first administrator")
    p.add_argument("--admin", metavar="NAME", help="user name of the first administrator (password on stdin)")
    p.add_argument("--display-name", default="")
    p.add_argument("--township", default=None, help="township name, e.g. 某某镇")
    p.add_argument("--office", default=None, help="office name (default 信访接待室)")
    p.set_defaults(handler=cmd_init)

    user = sub.add_parser("user", help="manage staff accounts").add_subparsers(dest="user_cmd", required=True)
    add = user.add_parser("add", help="add a staff member (password from RECEPTION_NEW_PASSWORD or a prompt)")
    add.add_argument("username")
    add.add_argument("--name", default="", help="display name")
    add.add_argument("--role", action="append", required=True, choices=[r.value for r in Role])
    add.add_argument("--department", default=None)
    add.add_argument("--phone", default=None)
    add.add_argument("--confirm-by", metavar="ADMIN", default=None,
                     help="a second administrator confirming the inspector role (password from RECEPTION_CONFIRM_PASSWORD)")
    add.set_defaults(handler=cmd_user_add)
    roles = user.add_parser("roles", help="change an account's roles (audited with before and after)")
    roles.add_argument("username")
    roles.add_argument("--role", action="append", required=True, choices=[r.value for r in Role])
    roles.add_argument("--confirm-by", metavar="ADMIN", default=None,
                       help="a second administrator confirming the inspector role")
    roles.set_defaults(handler=cmd_user_roles)
    unlock = user.add_parser("unlock", help="lift an account's lock-out after failed sign-ins (audited)")
    unlock.add_argument("username")
    unlock.set_defaults(handler=cmd_user_unlock)
    user.add_parser("list", help="list staff").set_defaults(handler=cmd_user_list)
    dis = user.add_parser("disable", help="disable an account (history is kept)")
    dis.add_argument("username")
    dis.set_defaults(handler=cmd_user_disable)
    photo = user.add_parser("photo", help="the staff member's photo (PNG or JPEG), printed on tracking cards")
    photo.add_argument("username")
    photo.add_argument("image", type=Path)
    photo.set_defaults(handler=cmd_user_photo)

    st = sub.add_parser("settings", help="show or change settings").add_subparsers(dest="settings_cmd", required=True)
    st.add_parser("show", help="every setting with its value").set_defaults(handler=cmd_settings_show)
    setp = st.add_parser("set", help="change one setting")
    setp.add_argument("key")
    setp.add_argument("value")
    setp.set_defaults(handler=cmd_settings_set)


def cmd_init(rt: Runtime, args: argparse.Namespace) -> int:
    rt.initialising = True
    ctx = rt.ctx  # opening migrates to the newest schema (after copying an SQLite file aside)
    with ctx.db.session() as session:
        seed_defaults(session)
        made = ctx.initialise_in(session)  # keys are made only here, and only for an empty database
        has_users = users.count_staff(session) > 0
    for kind in made:
        rt.say(rt.zh_en(f"已生成密钥：{ctx.keys.path(kind)}（请随备份一起妥善保存）",
                        f"Key created: {ctx.keys.path(kind)} (keep it with the backups)"))
    if ctx.db.migration_backup:
        rt.say(rt.zh_en(f"迁移前的数据库副本：{ctx.db.migration_backup}",
                        f"Copy of the database before migrating: {ctx.db.migration_backup}"))
    if has_users:
        rt.say(rt.zh_en(f"数据库已是最新结构：{ctx.db.url}", f"Database is up to date: {ctx.db.url}"))
        return 0
    if not args.admin:
        rt.say(rt.zh_en("数据库已创建。请用 --admin NAME 创建第一个管理员（密码从标准输入读取）。",
                        "Database created. Create the first administrator with --admin NAME (password on stdin)."))
        return 0
    password = rt.password(args.admin)
    with ctx.db.session() as session:
        if args.township is not None:
            settings_service.set_setting(ctx, session, None, "office.township", args.township)
        if args.office:
            settings_service.set_setting(ctx, session, None, "office.name", args.office)
        users.create_staff(ctx, session, None, username=args.admin, display_name=args.display_name or args.admin,
                           password=password, roles=[Role.ADMIN])
    rt.say(rt.zh_en(f"已创建管理员 {args.admin}。数据库：{ctx.db.url}",
                    f"Administrator {args.admin} created. Database: {ctx.db.url}"))
    return 0


def cmd_user_add(rt: Runtime, args: argparse.Namespace) -> int:
    import os

    actor = rt.actor()
    password = os.environ.get("RECEPTION_NEW_PASSWORD")
    if password is None:
        import getpass
        import sys

        if not sys.stdin.isatty():
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass(rt.zh_en(f"{args.username} 的新密码：", f"New password for {args.username}: "))
    if not password:
        raise ValidationError("password_blank", field="password")
    ctx = rt.ctx
    confirmer = rt.confirmer(args.confirm_by) if args.confirm_by else None
    with ctx.db.session() as session:
        users.create_staff(ctx, session, actor, username=args.username, display_name=args.name or args.username,
                           password=password, roles=[Role(r) for r in args.role], department=args.department,
                           phone=args.phone, confirmed_by=confirmer)
    rt.say(rt.zh_en(f"已添加用户 {args.username}。", f"User {args.username} added."))
    return 0


def cmd_user_roles(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    confirmer = rt.confirmer(args.confirm_by) if args.confirm_by else None
    with rt.ctx.db.session() as session:
        users.set_roles(rt.ctx, session, actor, args.username, [Role(r) for r in args.role], confirmed_by=confirmer)
    rt.say(rt.zh_en(f"已更改 {args.username} 的角色：{','.join(args.role)}",
                    f"Roles of {args.username} changed: {','.join(args.role)}"))
    return 0


def cmd_user_unlock(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.services.signin import unlock

    actor = rt.actor()
    with rt.ctx.db.session() as session:
        unlock(rt.ctx, session, actor, args.username)
    rt.say(rt.zh_en(f"已解除 {args.username} 的锁定。", f"{args.username} unlocked."))
    return 0


def cmd_user_list(rt: Runtime, args: argparse.Namespace) -> int:
    rt.actor()
    with rt.ctx.db.read() as session:
        for s in users.list_staff(session):
            roles = ",".join(sorted(r.value for r in s.role_set))
            state = rt.zh_en("在用", "active") if s.active else rt.zh_en("停用", "disabled")
            dept = s.department.name if s.department else "-"
            rt.say(f"{s.username}\t{s.display_name}\t{roles}\t{dept}\t{state}")
    return 0


def cmd_user_disable(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    with rt.ctx.db.session() as session:
        users.set_active(rt.ctx, session, actor, args.username, False)
    rt.say(rt.zh_en(f"已停用 {args.username}。", f"{args.username} disabled."))
    return 0


def cmd_user_photo(rt: Runtime, args: argparse.Namespace) -> int:
    from desktop.services import staff_photos

    actor = rt.actor()
    try:
        image = args.image.read_bytes()
    except OSError as exc:
        raise ValidationError("file_unreadable", field="image", path=str(args.image)) from exc
    with rt.ctx.db.session() as session:
        staff_photos.set_photo(rt.ctx, session, actor, args.username, image)
    rt.say(rt.zh_en(f"已保存 {args.username} 的照片。", f"Photo of {args.username} saved."))
    return 0


def cmd_settings_show(rt: Runtime, args: argparse.Namespace) -> int:
    rt.actor()
    with rt.ctx.db.read() as session:
        for key, value, is_default in settings_service.all_settings(rt.ctx, session):
            mark = rt.zh_en("（默认）", " (default)") if is_default else ""
            shown = value if len(value) <= 60 else value[:57] + "…"
            rt.say(f"{key} = {shown}{mark}")
    return 0


def cmd_settings_set(rt: Runtime, args: argparse.Namespace) -> int:
    actor = rt.actor()
    with rt.ctx.db.session() as session:
        stored = settings_service.set_setting(rt.ctx, session, actor, args.key, args.value)
    rt.say(f"{args.key} = {stored}")
    return 0
