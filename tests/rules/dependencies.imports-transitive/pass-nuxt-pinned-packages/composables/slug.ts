import { computed } from "vue";
import { useRoute } from "vue-router";
export const useSlug = () => computed(() => useRoute().params.slug);
