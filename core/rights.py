"""
Who may do what with PM1 pages: the rights matrix, in one place.

Wagtail grants page rights by group and tree position; every staff group holds its rights on the root
page (see the roles migration) and this tester narrows them by role and agency:

- PMO administrators and coordinators: Wagtail's own rules (create, edit, publish everything).
- Nobody publishes a progress update its agency has not approved: the PMO's publication is the second
  moderation level.
- Agency reporters and approvers: create progress updates only under items assigned to their agency;
  edit and delete (while never published) only their agency's updates; never publish: updates reach
  the site through the two-level workflow. They read their agency's items, every agency's submitted
  updates under those items (data sharing), and whatever is public.
- Executives: read everything, change nothing.
- Translators: edit the translations (pages outside the default locale) of what is public, and read it.
"""

from wagtail.models import Locale, PagePermissionTester

from .roles import Role, agency_ids_for_user, is_pmo, is_translator_only, reads_everything, roles_of


def _in_default_locale(page) -> bool:
    return page.locale_id == Locale.get_default().pk


def _source_is_public(page) -> bool:
    source = page.get_translation_or_none(Locale.get_default()) or page
    return source.specific.is_published_publicly()


def can_read(user, page) -> bool:
    """May the user see this page, internal content included, in the admin or the API?"""
    if reads_everything(user):
        return True
    if is_translator_only(user):
        return _source_is_public(page)
    if page.is_published_publicly():
        return True
    return bool(agency_ids_for_user(user) & page.readable_by_agencies())


def can_translate(user, page) -> bool:
    """
    May the user submit the page (or its subtree) for translation, sync its translations or edit them?
    PMO staff may translate anything; translators only what is public and published (in its source locale).
    """
    if is_pmo(user):
        return True
    return Role.TRANSLATOR in roles_of(user) and _source_is_public(page)


class PM1PagePermissionTester(PagePermissionTester):
    """Wagtail's page permission tester, narrowed by PM1's roles and agency scoping."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.is_pmo = is_pmo(user)
        self.user_agencies = frozenset() if self.is_pmo else agency_ids_for_user(user)

    def _agency_may_work_here(self) -> bool:
        scope = self.page.agency_scope()
        return scope is not None and bool(self.user_agencies & scope)

    def _translator_only(self) -> bool:
        return is_translator_only(self.user)

    def can_add_subpage(self):
        if not super().can_add_subpage():
            return False
        if self.is_pmo:
            return True
        if self.user_agencies:
            return self._agency_may_work_here() and any(
                getattr(model, "is_agency_report", False)
                for model in self.page.specific_class.creatable_subpage_models()
            )
        return self._translator_only() and not _in_default_locale(self.page)

    def can_edit(self):
        if self.is_pmo or not self.user.is_active:
            return super().can_edit()
        if self.user_agencies:
            if getattr(self.page, "is_agency_report", False) and self._agency_may_work_here():
                return True
            task = self.page.current_workflow_task
            return bool(task and task.user_can_access_editor(self.page, self.user))
        if self._translator_only():
            return not _in_default_locale(self.page) and can_translate(self.user, self.page) and super().can_edit()
        return False

    def can_delete(self, ignore_bulk=False):
        if self.is_pmo:
            return super().can_delete(ignore_bulk=ignore_bulk)
        return (
            bool(self.user_agencies)
            and getattr(self.page, "is_agency_report", False)
            and self._agency_may_work_here()
            and self.page.first_published_at is None
            and not self.page.workflow_in_progress
        )

    def can_publish(self):
        return self.is_pmo and super().can_publish() and self.page.publication_allowed()

    def can_unpublish(self):
        return self.is_pmo and super().can_unpublish()

    def can_publish_subpage(self):
        # Progress updates are never created and published in one go: they need agency approval first.
        return (
            self.is_pmo
            and super().can_publish_subpage()
            and not all(
                getattr(model, "is_agency_report", False)
                for model in self.page.specific_class.creatable_subpage_models()
            )
        )

    def can_copy(self):
        return self.is_pmo and super().can_copy()

    def can_move(self):
        return self.is_pmo and super().can_move()

    def can_lock(self):
        if self.is_pmo:
            return super().can_lock()
        task = self.page.current_workflow_task
        return bool(task and task.user_can_lock(self.page, self.user))

    def can_read(self) -> bool:
        return can_read(self.user, self.page)
