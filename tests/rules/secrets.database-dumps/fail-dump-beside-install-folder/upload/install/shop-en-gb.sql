-- Database: `shop`

--
-- Dumping data for table `oc_address_format`
--

INSERT INTO `oc_address_format` (`address_format_id`, `name`, `address_format`)
VALUES (1, 'Address Format', '{firstname} {lastname}');

--
-- Dumping data for table `oc_country`
--

INSERT INTO `oc_country` (`country_id`, `name`, `iso_code_2`) VALUES (1, 'Afghanistan', 'AF');
