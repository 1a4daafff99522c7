import Api from "api.js";
export default Api;
