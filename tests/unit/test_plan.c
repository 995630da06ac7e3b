/*
 * test_plan.c - mda's delivery plan (mda/store/plan.c): built from the
 * filter's actions without touching them, an empty list keeps, mda's own
 * keep is added once and survives keep_only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "store/plan.h"

static void empty_list_keeps(void **state)
{
	struct sieve_action_list acts = { 0 };
	struct plan p;

	(void)state;
	assert_int_equal(plan_build(&p, &acts), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0]->type, SIEVE_ACT_KEEP);
	assert_null(p.v[0]->script);    /* printed as the implicit keep */
	assert_int_equal(acts.n, 0);
	plan_free(&p);
}

static void steps_point_at_the_engines_actions(void **state)
{
	struct sieve_action_list acts = { 0 };
	struct plan p;

	(void)state;
	assert_non_null(sieve_actions_add(&acts, SIEVE_ACT_REDIRECT));
	assert_non_null(sieve_actions_add(&acts, SIEVE_ACT_DISCARD));
	assert_int_equal(plan_build(&p, &acts), 0);
	assert_int_equal(p.n, 2);
	assert_ptr_equal(p.v[0], &acts.v[0]);
	assert_ptr_equal(p.v[1], &acts.v[1]);
	plan_add_keep(&p);
	plan_add_keep(&p);              /* once only */
	assert_int_equal(p.n, 3);
	assert_int_equal(p.v[2]->type, SIEVE_ACT_KEEP);
	assert_int_equal(acts.n, 2);    /* the engine's list is as it was */
	assert_int_equal(acts.v[0].type, SIEVE_ACT_REDIRECT);
	assert_int_equal(acts.v[1].type, SIEVE_ACT_DISCARD);
	assert_ptr_equal(plan_find(&p, SIEVE_ACT_DISCARD, SIEVE_ACT_DISCARD),
			 &acts.v[1]);
	assert_null(plan_find(&p, SIEVE_ACT_REJECT, SIEVE_ACT_EREJECT));
	plan_keep_only(&p);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0]->type, SIEVE_ACT_KEEP);
	assert_null(p.v[0]->script);
	assert_int_equal(acts.n, 2);
	plan_free(&p);
	sieve_actions_free(&acts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_list_keeps),
		cmocka_unit_test(steps_point_at_the_engines_actions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
