"""Site definition (网站定义) and access management (访问管理): the columns, the site settings and
the word list of the pre-publish check, maintained in the back office.

Every change is recorded by django-simple-history (who and when: the services set the history
user). After the transaction commits, the pages it affects are re-published by the Celery task
`publish_site_change` (see publishing/engine.py `ChannelChange`): the column's own lists, feeds
and articles, its parents' lists, the home page when a home block is involved, the sitemap; and
every page when the header or footer changes (navigation, site identity).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from platform_core.models import OrgUnit, User
from portal.constants import HomeSection
from portal.models import Article, Channel, SensitiveWord, SiteSettings

SITE_PERMISSION = "portal.change_channel"
SETTINGS_PERMISSION = "portal.change_sitesettings"
WORD_PERMISSION = "portal.change_sensitiveword"

CHANNEL_FIELDS = (
    "name", "slug", "list_template", "page_template", "in_navigation", "home_block",
    "description", "link_url", "update_interval_days",
)  # fmt: skip
# Fields whose change shows in the header of every page when the column is a top-level one.
NAV_FIELDS = {"name", "slug", "in_navigation", "link_url", "is_retired"}
SORT_STEP = 10
WORD_FILE_MAX_BYTES = 256 * 1024
WORD_FILE_MAX_LINES = 5000


def _require(user: User, perm: str) -> None:
    if not (user and user.is_authenticated and user.has_perm(perm)):
        raise PermissionDenied


# --- publishing -------------------------------------------------------------------------------


def _republish(
    channels=(), *, old_url_paths=(), home: bool = False, everywhere: bool = False
) -> None:
    """Queue the re-publishing of what changed, after commit; forget the cached navigation."""
    from portal.context_processors import navigation_invalidate, site_settings_invalidate
    from portal.publishing.engine import publish_site_change

    ids = [c.pk for c in channels]
    olds = list(old_url_paths)

    def run():
        navigation_invalidate()
        site_settings_invalidate()
        publish_site_change.delay(ids, olds, home, everywhere)

    transaction.on_commit(run)


def _in_header(channel: Channel) -> bool:
    return channel.depth == 1


# --- columns ----------------------------------------------------------------------------------


def _check_home_block(channel: Channel) -> None:
    if channel.home_block:
        taken = Channel.objects.filter(home_block=channel.home_block).exclude(pk=channel.pk)
        if taken.exists():
            raise ValidationError(
                {
                    "home_block": _("该首页区块已由栏目“%(name)s”提供。")
                    % {"name": taken.first().name}
                }
            )


def _check_slug(channel: Channel, parent: Channel | None) -> None:
    url_path = f"{parent.url_path if parent else ''}{channel.slug}/"
    clash = Channel.objects.filter(url_path=url_path)
    if channel.pk:
        clash = clash.exclude(pk=channel.pk)
    if clash.exists():
        raise ValidationError({"slug": _("同级栏目中已有此英文标识。")})


def _next_sort_order(parent: Channel | None) -> int:
    siblings = Channel.objects.get_children(parent) if parent else Channel.objects.get_root_nodes()
    last = siblings.order_by("-sort_order").values_list("sort_order", flat=True).first()
    return (last or 0) + SORT_STEP


@transaction.atomic
def site_channel_create(
    *,
    by: User,
    parent: Channel | None,
    editor_units: list[OrgUnit] | tuple = (),
    **fields,
) -> Channel:
    """新建栏目 (the last among its siblings)."""
    _require(by, "portal.add_channel")
    values = {k: v for k, v in fields.items() if k in CHANNEL_FIELDS}
    values["sort_order"] = _next_sort_order(parent)
    probe = Channel(**values)
    probe.full_clean(exclude=["path", "depth", "numchild", "url_path"])
    _check_slug(probe, parent)
    _check_home_block(probe)
    probe._history_user = by
    channel = (
        Channel.objects.add_child(parent, instance=probe)
        if parent
        else Channel.objects.add_root(instance=probe)
    )
    channel.editor_units.set(editor_units)
    _republish(
        [channel],
        home=bool(channel.home_block),
        everywhere=_in_header(channel) and channel.in_navigation,
    )
    return channel


def _rewrite_url_paths(channel: Channel) -> None:
    """After a new slug: the column's and its descendants' addresses, and where their published
    articles' pages now are (the publishing job writes them there after commit)."""
    for node in Channel.objects.get_tree(channel).order_by("path"):
        if node.pk == channel.pk:
            continue
        parent = Channel.objects.get(path=node.path[: -Channel.steplen])
        Channel.objects.filter(pk=node.pk).update(url_path=f"{parent.url_path}{node.slug}/")
    articles = list(
        Article.objects.filter(channel__path__startswith=channel.path)
        .exclude(published_path="")
        .select_related("channel")
        .only("pk", "published_path", "channel__url_path")
    )
    for article in articles:
        article.published_path = article.url.lstrip("/")
    Article.objects.bulk_update(articles, ["published_path"])


@transaction.atomic
def site_channel_update(
    *, channel: Channel, by: User, editor_units: list[OrgUnit] | None = None, **fields
) -> Channel:
    """修改栏目: name, slug, templates, navigation, home block, link, editor units.

    A new slug moves the column's pages (and those below it) to the new address: the old files
    are removed and the new ones written."""
    _require(by, SITE_PERMISSION)
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    before = {f: getattr(channel, f) for f in CHANNEL_FIELDS}
    old_paths = [c.url_path for c in Channel.objects.get_tree(channel)]
    for key, value in fields.items():
        if key in CHANNEL_FIELDS:
            setattr(channel, key, value)
    channel.full_clean(exclude=["path", "depth", "numchild", "url_path"])
    parent = Channel.objects.get_parent(channel)
    _check_slug(channel, parent)
    _check_home_block(channel)
    channel._history_user = by
    channel.save()
    changed = {f for f in CHANNEL_FIELDS if before[f] != getattr(channel, f)}
    if "slug" in changed:
        _rewrite_url_paths(channel)
    if editor_units is not None:
        channel.editor_units.set(editor_units)
    if not changed - {"update_interval_days"}:
        return channel  # who may publish, how often: nothing a reader sees
    _republish(
        [channel],
        old_url_paths=old_paths if "slug" in changed else (),
        home=bool(before["home_block"] or channel.home_block),
        everywhere=_in_header(channel) and bool(changed & NAV_FIELDS),
    )
    return channel


@transaction.atomic
def site_channel_move(*, channel: Channel, by: User, direction: str) -> Channel:
    """上移 / 下移: swap places with the neighbouring sibling."""
    _require(by, SITE_PERMISSION)
    if direction not in ("up", "down"):
        raise ValidationError(_("移动方向无效。"))
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    parent = Channel.objects.get_parent(channel)
    siblings = list(Channel.objects.get_siblings(channel).order_by("path"))
    index = next(i for i, c in enumerate(siblings) if c.pk == channel.pk)
    target = index - 1 if direction == "up" else index + 1
    if target < 0 or target >= len(siblings):
        raise ValidationError(_("栏目已在最前或最后，无法再移动。"))
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, node in enumerate(siblings, start=1):
        if node.sort_order != position * SORT_STEP:
            node.sort_order = position * SORT_STEP
            node._history_user = by
            node.save(update_fields=["sort_order"])
    # Ordering follows the tree's paths: re-number the siblings in node_order_by order.
    Channel.objects.fix_tree(fix_paths=True, parent=parent)
    channel.refresh_from_db()
    _republish(
        [parent] if parent else [],
        everywhere=parent is None and channel.in_navigation,
    )
    return channel


@transaction.atomic
def site_channel_set_hidden(*, channel: Channel, by: User, hidden: bool) -> Channel:
    """隐藏 / 显示: a hidden column is not in the navigation nor in its parent's list of
    columns; its pages stay published."""
    _require(by, SITE_PERMISSION)
    return site_channel_update(channel=channel, by=by, in_navigation=not hidden)


@transaction.atomic
def site_channel_set_retired(*, channel: Channel, by: User, retired: bool) -> Channel:
    """停用 / 恢复: a retired column takes no new articles and leaves the navigation; its
    published pages stay reachable at their addresses."""
    _require(by, SITE_PERMISSION)
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if channel.is_retired == retired:
        return channel
    channel.is_retired = retired
    channel._history_user = by
    channel.save(update_fields=["is_retired"])
    _republish([channel], everywhere=_in_header(channel) and channel.in_navigation)
    return channel


@transaction.atomic
def site_channel_delete(*, channel: Channel, by: User) -> None:
    """删除栏目: only an empty column (no articles in any state, no columns below it); a
    column with content is retired instead."""
    _require(by, "portal.change_channel")
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if Channel.objects.get_children_count(channel):
        raise ValidationError(_("该栏目下还有下级栏目，不能删除；请先删除或停用下级栏目。"))
    if Article.objects.filter(channel=channel).exists():
        raise ValidationError(_("该栏目已有稿件，不能删除；可以将其停用，已发布的页面仍可访问。"))
    parent = Channel.objects.get_parent(channel)
    old_path, home, top = channel.url_path, bool(channel.home_block), _in_header(channel)
    channel._history_user = by
    channel.delete()
    _republish([parent] if parent else [], old_url_paths=[old_path], home=home, everywhere=top)


# --- site settings ----------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "government_name", "site_name", "site_code", "icp_number", "police_record_number",
    "police_record_url", "host_unit", "address", "postcode", "phone", "email",
    "error_report_url",
)  # fmt: skip


@transaction.atomic
def site_settings_update(
    *, by: User, home_layout: list[str] | None = None, **fields
) -> SiteSettings:
    """网站设置: identity, footer, record numbers and the home page's section layout."""
    _require(by, SETTINGS_PERMISSION)
    row = SiteSettings.load()
    row = SiteSettings.objects.select_for_update().get(pk=row.pk)
    before = {f: getattr(row, f) for f in SETTINGS_FIELDS}
    before_layout = list(row.home_layout or [])
    for key, value in fields.items():
        if key in SETTINGS_FIELDS:
            setattr(row, key, value)
    if home_layout is not None:
        unknown = [c for c in home_layout if c not in HomeSection.values]
        if unknown or len(set(home_layout)) != len(home_layout):
            raise ValidationError({"home_layout": _("首页区块布局有误。")})
        if not home_layout:
            raise ValidationError({"home_layout": _("首页至少要显示一个区块。")})
        row.home_layout = list(home_layout)
    row.full_clean()
    row._history_user = by
    row.save()
    footer = any(before[f] != getattr(row, f) for f in SETTINGS_FIELDS)
    layout = before_layout != list(row.home_layout or [])
    if footer or layout:
        _republish(home=layout, everywhere=footer)
    return row


# --- sensitive words --------------------------------------------------------------------------


def _clean_word(word: SensitiveWord) -> None:
    word.word = (word.word or "").strip()
    word.suggestion = (word.suggestion or "").strip()
    word.full_clean(validate_unique=False)
    clash = SensitiveWord.objects.filter(word=word.word)
    if word.pk:
        clash = clash.exclude(pk=word.pk)
    if clash.exists():
        raise ValidationError({"word": _("词库中已有“%(word)s”。") % {"word": word.word}})


@transaction.atomic
def word_save(*, by: User, item: SensitiveWord | None = None, **fields) -> SensitiveWord:
    """新增或修改一个敏感词、易错词或领导姓名职务 (`item`: the entry to change)."""
    _require(by, WORD_PERMISSION)
    word = item or SensitiveWord()
    for key in ("word", "kind", "suggestion", "is_active"):
        if key in fields:
            setattr(word, key, fields[key])
    _clean_word(word)
    word._history_user = by
    word.save()
    return word


@transaction.atomic
def word_delete(*, by: User, item: SensitiveWord) -> None:
    _require(by, "portal.delete_sensitiveword")
    item._history_user = by
    item.delete()


def parse_word_file(data: bytes) -> list[tuple[str, str]]:
    """A text file of words, one a line ("词" or "错词=正确写法"): [(word, suggestion)].

    Refused whole (ValidationError naming the lines) when it is not UTF-8 text, too large, or
    a line is too long; blank lines and lines starting with # are skipped."""
    if len(data) > WORD_FILE_MAX_BYTES:
        raise ValidationError(_("文件过大，最多 256 KB。"))
    if b"\x00" in data:
        raise ValidationError(_("只能导入纯文本文件（UTF-8 编码，每行一个词）。"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("文件不是 UTF-8 编码的文本，请另存为 UTF-8 后再导入。")) from exc
    rows, errors = [], []
    lines = text.splitlines()
    if len(lines) > WORD_FILE_MAX_LINES:
        raise ValidationError(_("文件行数过多，最多 5000 行。"))
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _sep, suggestion = (part.strip() for part in line.replace("＝", "=").partition("="))
        if not word or len(word) > 50 or len(suggestion) > 50:
            errors.append(number)
            continue
        rows.append((word, suggestion))
    if errors:
        shown = "、".join(str(n) for n in errors[:10])
        raise ValidationError(
            _("第 %(lines)s 行有误：词为空或超过 50 个字。文件未导入。") % {"lines": shown}
        )
    if not rows:
        raise ValidationError(_("文件中没有词。"))
    return rows


@transaction.atomic
def word_import(*, by: User, data: bytes, kind: str) -> dict:
    """导入词库: add the file's words of one kind; words already in the list are skipped."""
    _require(by, "portal.add_sensitiveword")
    rows = parse_word_file(data)
    existing = set(SensitiveWord.objects.values_list("word", flat=True))
    added, skipped = 0, 0
    for word, suggestion in dict(rows).items():
        if word in existing:
            skipped += 1
            continue
        item = SensitiveWord(word=word, suggestion=suggestion, kind=kind)
        item.full_clean(validate_unique=False)
        item._history_user = by
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            skipped += 1
            continue
        existing.add(word)
        added += 1
    return {"added": added, "skipped": skipped}
