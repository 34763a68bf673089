"""
Following an item or an agency by e-mail: double opt-in (only a confirmation message before the
confirmation), signed links, one-click unsubscribe, messages in the follower's language, limits.
"""

import datetime

import time_machine
from django.core import mail
from django.test import Client, TestCase, override_settings

from citizens import services
from citizens.models import Follower
from citizens.selectors import followers_of
from core.choices import Visibility
from tests import builders

from .helpers import confirm_link, fresh_limits, links_in, path_of


class FollowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health")
        cls.directive = builders.directive("นร 1/2569", cls.agency, title="เร่งรัดการฉีดวัคซีน")
        cls.english = builders.translate(cls.directive, title="Speed up vaccination")

    def setUp(self):
        fresh_limits()

    def follow(self, path=None, email="somchai@example.com", **extra):
        # The confirmation is sent once the follow is committed.
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(path or f"/th/citizens/follow/item/{self.directive.pk}/", {"email": email}, **extra)

    def test_the_item_page_offers_the_follow_form(self):
        response = self.client.get(self.directive.url)
        self.assertContains(response, f'action="/th/citizens/follow/item/{self.directive.pk}/"')
        self.assertContains(response, '<label for="follow_email">')

    def test_following_sends_only_a_confirmation_and_nobody_is_followed_before_it(self):
        response = self.follow()
        self.assertRedirects(response, f"/th/citizens/follow/item/{self.directive.pk}/sent/")
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("เร่งรัดการฉีดวัคซีน", mail.outbox[0].subject)
        self.assertEqual(mail.outbox[0].to, ["somchai@example.com"])
        self.assertEqual(list(followers_of(self.directive)), [])

    def test_the_confirmation_link_shows_a_button_and_the_button_confirms(self):
        self.follow()
        link = confirm_link(mail.outbox[0].body)
        page = self.client.get(link)
        self.assertContains(page, "<button")
        # Opening the link (as mail scanners do) confirms nothing.
        self.assertEqual(list(followers_of(self.directive)), [])
        self.client.post(link)
        self.assertEqual([f.email for f in followers_of(self.directive)], ["somchai@example.com"])
        self.assertEqual(len(mail.outbox), 1)

    def test_a_changed_confirmation_link_is_refused(self):
        self.follow()
        link = confirm_link(mail.outbox[0].body)
        for bad in (link[:-4] + "abc/", link.replace("/confirm/", "/confirm/x"), "/th/citizens/follow/confirm/x/"):
            with self.subTest(link=bad):
                self.assertEqual(self.client.post(bad).status_code, 404)
        self.assertEqual(list(followers_of(self.directive)), [])

    def test_an_expired_confirmation_link_is_refused_with_a_way_forward(self):
        self.follow()
        link = confirm_link(mail.outbox[0].body)
        with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=8)):
            response = self.client.post(link)
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "หมดอายุ", status_code=410)
        self.assertEqual(list(followers_of(self.directive)), [])

    def test_every_message_carries_an_unsubscribe_link_and_the_rfc_8058_headers(self):
        self.follow()
        message = mail.outbox[0]
        unsubscribe = links_in(message.body)[-1]
        self.assertIn("/th/citizens/unsubscribe/", unsubscribe)
        self.assertEqual(message.extra_headers["List-Unsubscribe"], f"<{unsubscribe}>")
        self.assertEqual(message.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")

    def test_a_mail_programs_one_click_unsubscribe_deletes_the_address(self):
        self.follow()
        self.client.post(confirm_link(mail.outbox[0].body))
        unsubscribe = path_of(links_in(mail.outbox[0].body)[-1])
        # As RFC 8058 has mail programs do it: a POST without cookies or CSRF token.
        programme = Client(enforce_csrf_checks=True)
        response = programme.post(
            unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Follower.objects.exists())
        self.assertEqual(programme.post(unsubscribe).status_code, 200, "unsubscribing twice is no error")

    def test_opening_the_unsubscribe_link_changes_nothing_until_the_button(self):
        self.follow()
        self.client.post(confirm_link(mail.outbox[0].body))
        unsubscribe = path_of(links_in(mail.outbox[0].body)[-1])
        self.assertContains(self.client.get(unsubscribe), "<button")
        self.assertEqual(followers_of(self.directive).count(), 1)
        self.assertEqual(self.client.get(unsubscribe[:-3] + "xy/").status_code, 404)

    def test_an_address_that_already_follows_is_sent_nothing(self):
        self.follow()
        self.client.post(confirm_link(mail.outbox[0].body))
        response = self.follow(email="SomChai@Example.com")
        self.assertRedirects(response, f"/th/citizens/follow/item/{self.directive.pk}/sent/")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(Follower.objects.count(), 1)

    def test_the_english_page_is_followed_as_the_same_item_in_english(self):
        self.follow(path=f"/en/citizens/follow/item/{self.english.pk}/")
        message = mail.outbox[0]
        self.assertIn("Speed up vaccination", message.subject)
        self.assertIn("/en/citizens/follow/confirm/", message.body)
        self.assertIn("To stop e-mails about this", message.body)
        self.client.post(confirm_link(message.body))
        self.assertEqual(followers_of(self.directive).get().language, "en")
        self.assertEqual(followers_of(self.english).count(), 1)
        self.follow(path=f"/th/citizens/follow/item/{self.directive.pk}/")
        self.assertEqual(Follower.objects.count(), 1, "one follow per address and item, whichever translation")

    def test_an_agency_can_be_followed(self):
        response = self.follow(path="/th/citizens/follow/agency/MOPH/")
        self.assertRedirects(response, "/th/citizens/follow/agency/MOPH/sent/")
        self.assertIn("กระทรวงสาธารณสุข", mail.outbox[0].subject)
        self.client.post(confirm_link(mail.outbox[0].body))
        self.assertEqual(followers_of(self.agency).count(), 1)
        self.assertEqual(followers_of(self.directive).count(), 0)

    def test_internal_unpublished_and_unknown_targets_cannot_be_followed(self):
        internal = builders.directive("นร 2/2569", self.agency, visibility=Visibility.INTERNAL)
        draft = builders.directive("นร 3/2569", self.agency, live=False)
        for path in (
            f"/th/citizens/follow/item/{internal.pk}/",
            f"/th/citizens/follow/item/{draft.pk}/",
            f"/th/citizens/follow/item/{builders.directive_index().pk}/",
            "/th/citizens/follow/item/99999999999/",
            "/th/citizens/follow/agency/NOPE/",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.follow(path=path).status_code, 404)
        self.assertEqual(len(mail.outbox), 0)

    def test_a_wrong_address_is_explained_next_to_the_field_and_kept(self):
        response = self.follow(email="somchai@")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'aria-invalid="true"')
        self.assertContains(response, 'aria-describedby="id_email_helptext id_email_error"')
        self.assertContains(response, 'id="id_email_error"')
        self.assertContains(response, 'value="somchai@"')
        self.assertContains(response, 'href="#id_email"')
        self.assertEqual(len(mail.outbox), 0)

    def test_a_filled_honeypot_looks_like_success_and_sends_nothing(self):
        response = self.client.post(
            f"/th/citizens/follow/item/{self.directive.pk}/", {"email": "bot@example.com", "website": "http://spam"}
        )
        self.assertRedirects(response, f"/th/citizens/follow/item/{self.directive.pk}/sent/")
        self.assertEqual(len(mail.outbox), 0)
        self.assertFalse(Follower.objects.exists())

    @override_settings(CITIZEN_FOLLOW_RATE="2/hour")
    def test_follow_requests_are_limited_per_client_address(self):
        for number in range(2):
            self.assertEqual(self.follow(email=f"a{number}@example.com").status_code, 302)
        response = self.follow(email="a3@example.com")
        self.assertEqual(response.status_code, 429)
        self.assertTrue(int(response["Retry-After"]) > 0)
        self.assertContains(response, 'value="a3@example.com"', status_code=429)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(self.follow(email="a3@example.com", REMOTE_ADDR="10.0.0.9").status_code, 302)

    @override_settings(CITIZEN_FOLLOW_RATE="2/hour", NUM_PROXIES=1)
    def test_behind_a_proxy_the_limit_counts_the_address_the_proxy_saw(self):
        for number in range(2):
            self.follow(email=f"b{number}@example.com", HTTP_X_FORWARDED_FOR="203.0.113.7")
        self.assertEqual(self.follow(email="b3@example.com", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code, 429)
        self.assertEqual(self.follow(email="b3@example.com", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code, 302)

    def test_nobody_can_flood_one_mailbox_with_confirmations(self):
        for number in range(5):
            self.follow(email="victim@example.com", REMOTE_ADDR=f"10.0.1.{number}")
        self.assertEqual(services.CONFIRMATIONS_PER_ADDRESS.rate, "3/day")
        self.assertEqual(len(mail.outbox), 3)


class FollowersToldTests(TestCase):
    """Confirmed followers hear of every published update on their item or by their agency, once."""

    @classmethod
    def setUpTestData(cls):
        cls.agency = builders.agency("MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health")
        cls.directive = builders.directive("นร 1/2569", cls.agency, title="เร่งรัดการฉีดวัคซีน")
        cls.english = builders.translate(cls.directive, title="Speed up vaccination")
        cls.other = builders.directive("นร 2/2569", cls.agency, title="ข้อสั่งการอื่น")

    def setUp(self):
        fresh_limits()

    def follow(self, path, email, language="th"):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(path, {"email": email})
        self.client.post(confirm_link(mail.outbox[-1].body))
        Follower.objects.filter(email=email).update(language=language)

    def publish_update(self, item):
        with self.captureOnCommitCallbacks(execute=True):
            return builders.update(item, self.agency, publish=True)

    def test_item_and_agency_followers_are_told_in_their_language_with_their_unsubscribe_link(self):
        self.follow(f"/th/citizens/follow/item/{self.directive.pk}/", "item@example.com")
        self.follow(f"/en/citizens/follow/item/{self.directive.pk}/", "english@example.com", language="en")
        self.follow(f"/th/citizens/follow/agency/{self.agency.code}/", "agency@example.com")
        mail.outbox.clear()

        self.publish_update(self.directive)

        told = {message.to[0]: message for message in mail.outbox}
        self.assertEqual(set(told), {"item@example.com", "english@example.com", "agency@example.com"})
        self.assertIn("เร่งรัดการฉีดวัคซีน", told["item@example.com"].subject)
        self.assertIn(self.directive.full_url, told["item@example.com"].body)
        self.assertIn("Speed up vaccination", told["english@example.com"].subject)
        self.assertIn(self.english.full_url, told["english@example.com"].body)
        for address, message in told.items():
            with self.subTest(address=address):
                unsubscribe = links_in(message.body)[-1]
                self.assertIn("/citizens/unsubscribe/", unsubscribe)
                self.assertEqual(message.extra_headers["List-Unsubscribe"], f"<{unsubscribe}>")
                self.assertEqual(message.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
                self.assertIn(unsubscribe, message.alternatives[0].content)

    def test_followers_of_another_item_and_those_who_left_are_not_told(self):
        self.follow(f"/th/citizens/follow/item/{self.other.pk}/", "other@example.com")
        self.follow(f"/th/citizens/follow/item/{self.directive.pk}/", "left@example.com")
        self.client.post(path_of(links_in(mail.outbox[-1].body)[-1]))
        mail.outbox.clear()

        self.publish_update(self.directive)

        self.assertEqual(mail.outbox, [])

    def test_the_same_publication_is_told_once(self):
        self.follow(f"/th/citizens/follow/item/{self.directive.pk}/", "item@example.com")
        mail.outbox.clear()
        update = self.publish_update(self.directive)
        with self.captureOnCommitCallbacks(execute=True):
            services.followers_tell(page=self.directive, key=f"item_changed:{update.live_revision_id}")
        self.assertEqual(len(mail.outbox), 1)
