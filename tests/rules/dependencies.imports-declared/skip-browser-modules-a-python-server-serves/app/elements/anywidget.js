import { load_widget } from "widget";
export default { mounted() { load_widget(this.$el); } };
