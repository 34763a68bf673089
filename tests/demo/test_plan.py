"""``demo.plan``: the seeded plan the loaders follow, built without a database."""

from demo.plan import DEMO_USER_AGENCIES, UNPUBLISHED_STATES, demo_plan, generated_directive


def test_the_same_seed_gives_the_same_plan_and_another_seed_another():
    assert demo_plan(2569) == demo_plan(2569)
    assert demo_plan(2569) != demo_plan(7)


def test_a_generated_directive_is_the_same_however_the_series_is_batched():
    in_order = {number: generated_directive(number, 2569) for number in (1, 2, 3)}
    resumed = {number: generated_directive(number, 2569) for number in (3, 2, 1)}
    assert in_order == resumed
    assert generated_directive(1, 2569) != generated_directive(2, 2569)
    assert generated_directive(1, 2569).reference.endswith("000001")


def test_every_policy_parent_comes_before_its_sub_policies():
    seen = set()
    for policy in demo_plan(2569).policies:
        assert policy.parent is None or policy.parent in seen
        seen.add(policy.number)


def test_the_agencies_with_demo_users_have_updates_waiting_in_every_moderation_state():
    plan = demo_plan(2569)
    waiting = {
        update.state
        for item in [*plan.policies, *plan.directives]
        for update in item.updates
        if update.agency in DEMO_USER_AGENCIES
    }
    assert set(UNPUBLISHED_STATES) <= waiting


def test_directives_name_only_policies_of_the_plan():
    plan = demo_plan(2569)
    numbers = {policy.number for policy in plan.policies}
    assert {number for directive in plan.directives for number in directive.policies} <= numbers


def test_no_policy_body_repeats_its_summary_which_its_page_prints_above_it():
    for policy in demo_plan(2569).policies:
        assert policy.summary_th not in policy.body_th and policy.summary_en not in policy.body_en
