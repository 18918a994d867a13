/* iter.c -- an enter/exit walk over a subtree, using the tree's own links. */
#include "internal.h"

void pcv_iter_init(pcv_iter *it, pcv_node *root)
{
	it->root = root;
	it->node = NULL;
	it->event = root ? PCV_EVENT_NONE : PCV_EVENT_DONE;
	it->skip = 0;
}

pcv_event pcv_iter_next(pcv_iter *it)
{
	pcv_node *n = it->node;
	switch (it->event) {
	case PCV_EVENT_NONE:
		it->node = it->root;
		return it->event = PCV_EVENT_ENTER;
	case PCV_EVENT_ENTER:
		if (n->first && !it->skip) {
			it->node = n->first;
			return it->event = PCV_EVENT_ENTER;
		}
		it->skip = 0;
		return it->event = PCV_EVENT_EXIT;
	case PCV_EVENT_EXIT:
		if (n == it->root)
			break;
		if (n->next) {
			it->node = n->next;
			return it->event = PCV_EVENT_ENTER;
		}
		if (n->parent) {
			it->node = n->parent;
			return it->event = PCV_EVENT_EXIT;
		}
		break;
	case PCV_EVENT_DONE:
		break;
	}
	it->node = NULL;
	return it->event = PCV_EVENT_DONE;
}

void pcv_iter_skip_children(pcv_iter *it)
{
	if (it->event == PCV_EVENT_ENTER)
		it->skip = 1;
}
